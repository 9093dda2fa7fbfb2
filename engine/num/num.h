// accrue::num — the number layer. Every amount accrue computes ends in a
// ledger people are paid from, so numbers here are exact: Decimal is an exact
// rational built only from decimal text or integers (never from double),
// Money is a Decimal in one ISO 4217 currency, rounding happens only when
// asked and always with a named RoundingMode, allocate() splits a total into
// parts that add up to it exactly, and DecimalColumn keeps columns of amounts
// as integers at a shared scale so that sums and multiply-and-round over
// millions of rows stay fast. Failures are Result values, never exceptions.
// Behaviour for plan authors: docs/numbers.md. Include this header only.
#pragma once

#include "allocate.h"   // allocate, AllocationShare, AllocatedPart
#include "column.h"     // DecimalColumn, MoneyColumn, sum, multiply_round, sum_by_key
#include "currency.h"   // Currency (ISO 4217 codes and minor units)
#include "decimal.h"    // Decimal, add/sub/mul/div, bounds
#include "money.h"      // Money
#include "result.h"     // Result<T>, Error, ErrorCode
#include "rounding.h"   // RoundingMode, to_string, parse_rounding_mode
