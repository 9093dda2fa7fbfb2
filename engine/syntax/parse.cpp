// Drives the generated lexer and parser over one file. Before the recursive
// parser runs, a flat scan bounds the input (size, UTF-8, nesting depth), and
// lexical errors become diagnostics; parser errors are reworded from the
// expected-token set so that no generator wording reaches the user.
#include <pthread.h>

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <set>

#include "PlanLexer.h"
#include "syntax/builder.h"
#include "syntax/syntax.h"
#include "syntax/token_names.h"

namespace accrue::syntax {
namespace {

using accrue_gen::PlanLexer;
using diag::Code;
using diag::Span;

struct Reporter {
  diag::Diagnostics& out;
  std::size_t limit;
  std::size_t count = 0;
  std::size_t suppressed = 0;

  void report(Code code, Span span, std::string message, std::string help = {}) {
    if (count >= limit) {
      ++suppressed;
      return;
    }
    ++count;
    out.report(code, span, std::move(message), std::move(help));
  }
};

Span token_span(diag::FileId file, antlr4::Token* t) {
  auto line = static_cast<std::uint32_t>(t->getLine());
  auto col = static_cast<std::uint32_t>(t->getCharPositionInLine()) + 1;
  std::uint32_t len = 0;
  for (unsigned char c : t->getText())
    if ((c & 0xC0) != 0x80) ++len;
  return Span{file, line, col, line, col + std::max<std::uint32_t>(len, 1)};
}

// The '{' that is still open where the parser stopped, found by counting
// braces backwards: when a '}' is missing, that is the one to name.
antlr4::Token* innermost_open_brace(antlr4::Parser* parser, antlr4::Token* at) {
  auto* stream = dynamic_cast<antlr4::BufferedTokenStream*>(parser->getTokenStream());
  if (!stream) return nullptr;
  int closed = 0;
  for (auto i = at->getTokenIndex(); i-- > 0;) {
    antlr4::Token* t = stream->get(i);
    if (t->getChannel() != antlr4::Token::DEFAULT_CHANNEL) continue;
    const std::string text = t->getText();
    if (text == "}") ++closed;
    else if (text == "{" && closed-- == 0) return t;
  }
  return nullptr;
}

class SyntaxErrorListener : public antlr4::BaseErrorListener {
 public:
  SyntaxErrorListener(diag::FileId file, Reporter& reporter) : file_(file), reporter_(reporter) {}

  void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending, size_t, size_t,
                   const std::string&, std::exception_ptr) override {
    if (!offending) return;
    // Lexical errors were reported by the scan; one report per token is enough.
    if (is_error_token(offending->getType())) return;
    if (offending->getTokenIndex() == last_index_ && last_index_ != static_cast<size_t>(-1)) return;
    last_index_ = offending->getTokenIndex();
    auto* parser = dynamic_cast<antlr4::Parser*>(recognizer);
    std::vector<std::string> expected;
    if (parser) expected = expected_descriptions(parser->getExpectedTokens(), parser->getVocabulary());
    std::string found = describe_token(offending, parser ? &parser->getVocabulary() : nullptr);
    std::string message;
    if (!expected.empty() && expected.size() <= 5) message = fmt::format("expected {}, found {}", join_or(expected), found);
    else message = fmt::format("{} is not allowed here", found);
    std::string help;
    antlr4::Token* previous = nullptr;
    if (parser && offending->getTokenIndex() > 0) {
      auto* stream = dynamic_cast<antlr4::BufferedTokenStream*>(parser->getTokenStream());
      for (auto i = offending->getTokenIndex(); stream && i-- > 0;) {
        antlr4::Token* t = stream->get(i);
        if (t->getChannel() == antlr4::Token::DEFAULT_CHANNEL) { previous = t; break; }
      }
    }
    antlr4::Token* unclosed = nullptr;
    if (parser && std::find(expected.begin(), expected.end(), "'}'") != expected.end())
      unclosed = innermost_open_brace(parser, offending);
    if (unclosed && previous)
      help = fmt::format("the '{{' on line {} is never closed: add '}}' after line {}", unclosed->getLine(),
                         previous->getLine());
    else if (offending->getType() == antlr4::Token::EOF)
      help = "the file ends inside a declaration: is a closing '}' or ')' missing?";
    else if (previous && previous->getLine() < offending->getLine())
      help = fmt::format("the line before (line {}) may be incomplete", previous->getLine());
    else if (parser && parser->getContext() && parser->getContext()->getRuleIndex() == accrue_gen::PlanParser::RuleItem)
      help = "a plan file holds imports, one plan header and declarations (payee, entity, event, param, table, "
             "measure, target, scorecard, situation, veto, gate, cap, floor, concentration, payout, schedule)";
    reporter_.report(Code::E0104, token_span(file_, offending), message, help);
  }

 private:
  diag::FileId file_;
  Reporter& reporter_;
  size_t last_index_ = static_cast<size_t>(-1);
};

// Lexical errors, and the nesting bound, in one flat pass over the tokens.
// Returns false when the parser must not run (nesting too deep).
bool scan_tokens(antlr4::CommonTokenStream& tokens, diag::FileId file, const ParseLimits& limits, Reporter& r) {
  int depth = 0;
  int prefix_run = 0;
  bool ok = true;
  for (antlr4::Token* t : tokens.getTokens()) {
    std::size_t type = t->getType();
    if (type == PlanLexer::ERROR_CHAR) {
      std::string text = t->getText();
      r.report(Code::E0103, token_span(file, t), fmt::format("unexpected character {}", quote_char(text)),
               char_help(text));
      continue;
    }
    if (type == PlanLexer::UNTERMINATED_STRING) {
      r.report(Code::E0105, token_span(file, t), "text is missing its closing '\"'",
               "close the text on the same line: \"...\"");
      continue;
    }
    if (type == PlanLexer::UNTERMINATED_COMMENT) {
      Span s = token_span(file, t);
      s.end_line = s.line;
      s.end_col = s.col + 2;
      r.report(Code::E0105, s, "comment is missing its closing '*/'", "end the comment with */");
      continue;
    }
    if (t->getChannel() != antlr4::Token::DEFAULT_CHANNEL) continue;
    std::string text = t->getText();
    bool opens = text == "(" || text == "{";
    bool prefix = text == "-" || text == "not" || text == "if";
    if (opens) ++depth;
    if (text == ")" || text == "}") depth = std::max(0, depth - 1);
    prefix_run = prefix ? prefix_run + 1 : (opens ? prefix_run : 0);
    if (ok && (depth > limits.max_depth || prefix_run > limits.max_depth)) {
      r.report(Code::E0106, token_span(file, t),
               fmt::format("nesting is deeper than {} levels", limits.max_depth),
               "split the expression into named measures");
      ok = false;
    }
  }
  return ok;
}

// Hands the lexer's tokens to the token stream while counting them, and
// ends the stream early (with EOF) once a declaration or the file passes its
// bound, so a 10 MB formula can make neither the token buffer nor the parse
// tree huge. One pass: the tokens are not lexed twice.
class BoundedTokenSource : public antlr4::TokenSource {
 public:
  BoundedTokenSource(PlanLexer& lexer, diag::FileId file, const ParseLimits& limits, Reporter& reporter)
      : lexer_(lexer), file_(file), limits_(limits), reporter_(reporter) {
    // Classify token types once, from the vocabulary, so the hot loop never
    // converts a token's text.
    static const std::set<std::string> kStarts = {
        "'plan'", "'import'", "'payee'", "'entity'", "'event'", "'param'", "'table'", "'measure'", "'target'",
        "'scorecard'", "'situation'", "'veto'", "'gate'", "'concentration'", "'payout'", "'schedule'"};
    const auto& vocabulary = lexer.getVocabulary();
    role_.assign(vocabulary.getMaxTokenType() + 1, Role::Other);
    for (std::size_t type = 1; type < role_.size(); ++type) {
      std::string literal = vocabulary.getLiteralName(type);
      if (literal == "'('" || literal == "'{'") role_[type] = Role::Open;
      else if (literal == "')'" || literal == "'}'") role_[type] = Role::Close;
      else if (kStarts.count(literal)) role_[type] = Role::DeclarationStart;
    }
  }

  bool exceeded() const { return exceeded_; }

  std::unique_ptr<antlr4::Token> nextToken() override {
    if (exceeded_) return eof();
    std::unique_ptr<antlr4::Token> t = lexer_.nextToken();
    if (t->getType() == antlr4::Token::EOF || t->getChannel() != antlr4::Token::DEFAULT_CHANNEL) return t;
    Role role = t->getType() < role_.size() ? role_[t->getType()] : Role::Other;
    if (role == Role::Open) {
      ++depth_;
    } else if (role == Role::Close && depth_ > 0) {
      --depth_;
    } else if (role == Role::DeclarationStart && depth_ == 0) {
      in_decl_ = 0;
      decl_line_ = static_cast<std::uint32_t>(t->getLine());
      decl_col_ = static_cast<std::uint32_t>(t->getCharPositionInLine()) + 1;
      decl_len_ = static_cast<std::uint32_t>(t->getStopIndex() - t->getStartIndex() + 1);
    }
    if (++in_decl_ > limits_.max_decl_tokens) {
      Span at = decl_line_ ? Span{file_, decl_line_, decl_col_, decl_line_, decl_col_ + decl_len_} : token_span(file_, t.get());
      reporter_.report(Code::E0110, at, fmt::format("this declaration has more than {} tokens", limits_.max_decl_tokens),
                       "split it into several measures and combine them by name");
      exceeded_ = true;
      return eof();
    }
    if (++total_ > limits_.max_file_tokens) {
      reporter_.report(Code::E0107, token_span(file_, t.get()),
                       fmt::format("file has more than {} tokens", limits_.max_file_tokens),
                       "split the plan into modules with import");
      exceeded_ = true;
      return eof();
    }
    return t;
  }

  size_t getLine() const override { return lexer_.getLine(); }
  size_t getCharPositionInLine() override { return lexer_.getCharPositionInLine(); }
  antlr4::CharStream* getInputStream() override { return lexer_.getInputStream(); }
  std::string getSourceName() override { return lexer_.getSourceName(); }
  antlr4::TokenFactory<antlr4::CommonToken>* getTokenFactory() override { return lexer_.getTokenFactory(); }

 private:
  enum class Role : std::uint8_t { Other, Open, Close, DeclarationStart };

  std::unique_ptr<antlr4::Token> eof() {
    return lexer_.getTokenFactory()->create(
        {&lexer_, lexer_.getInputStream()}, antlr4::Token::EOF, "<EOF>", antlr4::Token::DEFAULT_CHANNEL,
        lexer_.getInputStream()->index(), lexer_.getInputStream()->index() - 1, lexer_.getLine(),
        lexer_.getCharPositionInLine());
  }

  PlanLexer& lexer_;
  diag::FileId file_;
  const ParseLimits& limits_;
  Reporter& reporter_;
  std::size_t total_ = 0, in_decl_ = 0;
  int depth_ = 0;
  std::uint32_t decl_line_ = 0, decl_col_ = 0, decl_len_ = 0;
  bool exceeded_ = false;
  std::vector<Role> role_;
};

// The parser recurses once per nesting level; the scan bounds the levels and
// this stack bounds the bytes each level may use.
void run_with_large_stack(const std::function<void()>& work) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, 256u << 20);
  pthread_t thread;
  auto* fn = new std::function<void()>(work);
  auto trampoline = [](void* arg) -> void* {
    auto* f = static_cast<std::function<void()>*>(arg);
    (*f)();
    return nullptr;
  };
  if (pthread_create(&thread, &attr, trampoline, fn) != 0) {
    work();
  } else {
    pthread_join(thread, nullptr);
  }
  pthread_attr_destroy(&attr);
  delete fn;
}

}  // namespace

ParseResult parse(const diag::SourceMap& sources, diag::FileId file, const ParseLimits& limits) {
  ParseResult result;
  result.module.file = file;
  const diag::SourceFile& source = sources.file(file);
  Reporter reporter{result.diagnostics, limits.max_errors};

  if (source.text.size() > limits.max_bytes) {
    reporter.report(Code::E0107, Span{file, 1, 1, 1, 2},
                    fmt::format("file is {} bytes; plans are limited to {} bytes", source.text.size(), limits.max_bytes),
                    "split the plan into modules with import");
    return result;
  }
  std::u32string decoded;
  std::size_t bad = 0;
  if (!diag::decode_utf8(source.text, decoded, bad)) {
    auto line_it = std::upper_bound(source.line_starts.begin(), source.line_starts.end(), bad);
    auto line = static_cast<std::uint32_t>(line_it - source.line_starts.begin());
    std::u32string prefix;
    std::size_t ignored = 0;
    std::string_view before(source.text.data() + source.line_starts[line - 1], bad - source.line_starts[line - 1]);
    diag::decode_utf8(before, prefix, ignored);
    auto col = static_cast<std::uint32_t>(prefix.size()) + 1;
    reporter.report(Code::E0102, Span{file, line, col, line, col + 1},
                    fmt::format("byte 0x{:02X} at offset {} is not valid UTF-8", static_cast<unsigned char>(source.text[bad]), bad),
                    "save the plan as UTF-8 text");
    return result;
  }

  run_with_large_stack([&] {
    antlr4::ANTLRInputStream input(source.text);
    PlanLexer lexer(&input);
    lexer.removeErrorListeners();
    BoundedTokenSource bounded(lexer, file, limits, reporter);
    antlr4::CommonTokenStream tokens(&bounded);
    tokens.fill();
    if (bounded.exceeded()) return;
    if (!scan_tokens(tokens, file, limits, reporter)) return;
    accrue_gen::PlanParser parser(&tokens);
    parser.removeErrorListeners();
    // Two stages, the standard way to make ALL(*) fast: the cheaper SLL
    // prediction parses nearly every valid plan; only when it fails do we
    // parse again with full LL and error recovery, which reports the errors.
    accrue_gen::PlanParser::FileContext* tree = nullptr;
    parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(antlr4::atn::PredictionMode::SLL);
    parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
    try {
      tree = parser.file();
    } catch (const antlr4::ParseCancellationException&) {
      tree = nullptr;
    }
    SyntaxErrorListener listener(file, reporter);
    if (!tree) {
      tokens.seek(0);
      parser.reset();
      parser.setErrorHandler(std::make_shared<antlr4::DefaultErrorStrategy>());
      parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(antlr4::atn::PredictionMode::LL);
      parser.addErrorListener(&listener);
      tree = parser.file();
    }
    detail::Builder builder(file, &tokens);
    result.module = builder.build(tree);
  });
  if (reporter.suppressed > 0)
    result.diagnostics.report(Code::E0109, Span{file, 0, 0, 0, 0},
                              fmt::format("{} more errors in this file were not shown", reporter.suppressed),
                              "fix the errors above and run again");
  return result;
}

}  // namespace accrue::syntax
