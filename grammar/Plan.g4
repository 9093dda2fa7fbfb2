// The accrue plan language. docs/language.md explains every construct.
// Keywords are soft wherever a name may stand (see `name`), so a plan may call
// a field `period` or `share` without quoting it.
grammar Plan;

file
  : item* EOF
  ;

item
  : importDecl
  | planHeader
  | declaration
  ;

importDecl
  : 'import' (STRING | dottedName)
  ;

planHeader
  : 'plan' STRING ('version' STRING)? '{' headerSetting* '}'
  ;

headerSetting
  : 'currency' name                                   # currencySetting
  | 'settle' cadence=name                             # cadenceSetting
  | 'round' 'money' rounding=name                        # roundingSetting
  ;

declaration
  : recordDecl
  | paramDecl
  | tableDecl
  | measureDecl
  | targetDecl
  | scorecardDecl
  | situationDecl
  | vetoDecl
  | gateDecl
  | limitDecl
  | concentrationDecl
  | payoutDecl
  | scheduleDecl
  ;

// ---- data -------------------------------------------------------------------

recordDecl
  : kind=('payee' | 'entity' | 'event') name ('key' key=name)? ('dated' dated=name)?
    '{' (fieldDecl ','?)* '}'
  ;

fieldDecl
  : name ':' typeName optional='?'?
  ;

typeName
  : name
  ;

// ---- parameters -------------------------------------------------------------

paramDecl
  : 'param' name (':' typeName)? '=' datedValue (',' datedValue)*
  ;

datedValue
  : expr ('from' from=DATE ('until' until=DATE)?)?
  ;

tableDecl
  : 'table' name 'by' qualifiedName (',' qualifiedName)* '{' (tableRow ','?)* '}'
  ;

tableRow
  : expr (',' expr)* '->' expr           # keyedRow
  | 'else' '->' expr                     # elseRow
  ;

// ---- measures, targets, scorecards -------------------------------------------

measureDecl
  : 'measure' subject=name '.' name '=' expr
  ;

targetDecl
  : 'target' subject=name '.' name 'on' expr '{' targetItem* '}'
  ;

targetItem
  : tier=name expr '->' expr             # tierItem
  | 'linear'                             # linearItem
  | 'stepped'                            # steppedItem
  | 'floor' expr                         # floorItem
  | 'ceiling' expr                       # ceilingItem
  ;

scorecardDecl
  : 'scorecard' subject=name '.' name '{' dimension* variant* '}'
  ;

dimension
  : name weightedKpi (',' weightedKpi)*
  ;

weightedKpi
  : name PERCENT
  ;

variant
  : 'when' expr '{' dimension* '}'
  ;

situationDecl
  : 'situation' name 'on' subject=name ('when' expr)? ('from' from=DATE ('until' until=DATE)?)?
  ;

// ---- rules --------------------------------------------------------------------

appliesTo
  : 'to' name (',' name)*
  ;

vetoDecl
  : 'veto' name 'on' subject=name appliesTo? 'when' expr vetoEffect vetoScope?
  ;

vetoEffect
  : 'zero'                               # zeroEffect
  | 'cut' expr                           # cutEffect
  ;

vetoScope
  : 'for' 'period'                       # periodScope
  | 'for' 'plan' 'year'                  # yearScope
  ;

gateDecl
  : 'gate' name 'on' subject=name appliesTo? 'requires' expr
  ;

limitDecl
  : kind=('cap' | 'floor') name 'on' subject=name appliesTo? 'at' expr
  ;

concentrationDecl
  : 'concentration' name 'on' subject=name 'per' per=name 'of' expr
    ('warn' warn=expr)? ('cap' cap=expr)? appliesTo?
  ;

// ---- payouts and deferral ------------------------------------------------------

payoutDecl
  : 'payout' name 'on' subject=name ('to' recipient=qualifiedName)? '=' expr
    ('split' 'among' among=name 'by' by=expr)?
    ('defer' schedule=name)?
  ;

scheduleDecl
  : 'schedule' name '{' scheduleItem* '}'
  ;

scheduleItem
  : expr 'now'                                                 # nowTranche
  | expr 'after' duration ('when' expr)?                       # laterTranche
  | 'else' 'forfeit'                                           # elseForfeit
  | 'else' 'roll' 'forward'                                    # elseRollForward
  | 'else' 'release' expr                                      # elseRelease
  | 'clawback' what=name 'when' expr ('within' duration)?      # clawbackItem
  | 'leaver' policy=name                                       # leaverItem
  | 'transfer' policy=name expr?                               # transferItem
  ;

duration
  : NUMBER unit
  ;

// Units after a number: a currency code (`100 CNY`) or a time unit (`12 months`).
unit
  : ID
  | 'year'
  ;

// ---- expressions ----------------------------------------------------------------

expr
  : primary                                                    # primaryExpr
  | op=('-' | 'not') expr                                      # unaryExpr
  | expr op=('*' | '/') expr                                   # mulExpr
  | expr op=('+' | '-') expr                                   # addExpr
  | expr op=('<' | '<=' | '>' | '>=' | '==' | '!=') expr       # compareExpr
  | expr 'in' '(' expr (',' expr)* ')'                         # inExpr
  | expr 'and' expr                                            # andExpr
  | expr 'or' expr                                             # orExpr
  | 'if' expr 'then' expr 'else' expr                          # ifExpr
  ;

primary
  : NUMBER unit?                                                # numberLiteral
  | PERCENT                                                    # percentLiteral
  | STRING                                                     # stringLiteral
  | DATE                                                       # dateLiteral
  | PERIOD                                                     # periodLiteral
  | ('true' | 'false')                                         # boolLiteral
  | name '(' (expr (',' expr)*)? clause* ')'                   # callExpr
  | 'grade' expr (byPercentile='by' 'percentile')? '{' gradeArm (',' gradeArm)* ','? '}'   # gradeExpr
  | qualifiedName                                              # nameExpr
  | '(' expr ')'                                               # parenExpr
  ;

clause
  : 'where' expr                                               # whereClause
  | 'over' window                                              # overClause
  | 'via' qualifiedName                                        # viaClause
  ;

window
  : 'period'                                                   # periodWindow
  | 'last' NUMBER unit                                         # lastWindow
  | 'since' DATE                                               # sinceWindow
  | 'plan' 'year'                                              # planYearWindow
  | 'all'                                                      # allWindow
  ;

gradeArm
  : name '>=' expr                                             # thresholdArm
  | name 'top' expr                                            # percentileArm
  | 'else' name                                                # elseArm
  ;

qualifiedName
  : name ('.' name)*
  ;

dottedName
  : name ('.' name)*
  ;

// Soft keywords: any of these may also be used as a name.
name
  : ID
  | 'currency' | 'settle' | 'round' | 'money' | 'version' | 'key' | 'dated'
  | 'from' | 'until' | 'by' | 'linear' | 'stepped' | 'floor' | 'ceiling'
  | 'period' | 'plan' | 'year' | 'zero' | 'cut' | 'requires' | 'at' | 'per' | 'of'
  | 'warn' | 'cap' | 'split' | 'among' | 'defer' | 'now' | 'after' | 'forfeit'
  | 'roll' | 'forward' | 'release' | 'clawback' | 'leaver' | 'transfer' | 'within'
  | 'last' | 'since' | 'all' | 'top' | 'over' | 'via' | 'where' | 'grade' | 'percentile'
  | 'payee' | 'entity' | 'event' | 'table' | 'situation' | 'on' | 'to'
  ;

// ---- lexer -----------------------------------------------------------------------

DATE     : DIGIT DIGIT DIGIT DIGIT '-' DIGIT DIGIT '-' DIGIT DIGIT ;
PERIOD   : DIGIT DIGIT DIGIT DIGIT '-' ( 'Q' [1-4] | 'H' [12] | DIGIT DIGIT ) ;
PERCENT  : DIGITS ('.' DIGITS)? '%' ;
NUMBER   : DIGITS ('.' DIGITS)? ;
STRING   : '"' ( ~["\\\r\n] | '\\' ["\\nt] )* '"' ;
ID       : [\p{L}_] [\p{L}\p{N}_]* ;

DOC_COMMENT  : '///' ~[\r\n]* -> channel(2) ;
LINE_COMMENT : '//' ~[\r\n]* -> channel(HIDDEN) ;
BLOCK_COMMENT: '/*' .*? '*/' -> channel(HIDDEN) ;
WS           : [ \t\r\n\u000C\u00A0\uFEFF]+ -> channel(HIDDEN) ;

// Reported by the AST builder with a friendly message, not by ANTLR.
UNTERMINATED_STRING  : '"' ( ~["\\\r\n] | '\\' . )* ;
// Matches only a comment that never closes: no '*/' anywhere after '/*'.
UNTERMINATED_COMMENT : '/*' ( ~'*' | '*'+ ~[*/] )* '*'* EOF ;
ERROR_CHAR           : . ;

fragment DIGIT  : [0-9] ;
fragment DIGITS : DIGIT+ ;
