// PackedColumn gives back exactly the Value written, whatever form the
// column had to take for it: units at one scale, mixed scales, ratios,
// values beyond 128 bits, grades, bools, and anything else as whole Values.
#include <doctest/doctest.h>

#include "eval/packed_column.h"
#include "eval/value_ops.h"

using namespace accrue;
using namespace accrue::eval;
using accrue::eval::detail::PackedColumn;

namespace {

num::Decimal dec(const char* text) { return num::Decimal::parse(text).value(); }
// 1.50 at scale 2: a small value keeps the scale it was made with.
num::Decimal units(std::int64_t u, int scale) { return num::Decimal::from_units(u, scale).value(); }
num::Decimal quotient(std::int64_t a, std::int64_t b) {
  return num::div(num::Decimal::from_int(a), num::Decimal::from_int(b)).value();
}

// Same kind, same members, same Decimal form and scale.
void check_same(const Value& got, const Value& want) {
  REQUIRE(got.kind == want.kind);
  CHECK(got.flag == want.flag);
  CHECK(got.day == want.day);
  CHECK(got.months == want.months);
  CHECK(got.grade == want.grade);
  CHECK(got.text == want.text);
  CHECK(got.number == want.number);
  CHECK(got.number.is_small() == want.number.is_small());
  if (got.number.is_small()) CHECK(got.number.small_scale() == want.number.small_scale());
  CHECK(got.number.to_string() == want.number.to_string());
}

}  // namespace

TEST_CASE("packed column: numbers keep their scale, ratios and big values, nulls stay null") {
  PackedColumn col(6);
  CHECK(col.form() == PackedColumn::Form::Null);
  CHECK(col.get(3).is_null());
  col.set(0, Value::of(units(150, 2)));
  CHECK(col.uniform_units());
  CHECK(col.scale() == 2);
  col.set(1, Value::of(dec("2.5")));   // another scale
  col.set(2, Value::of(quotient(1, 3)));  // does not terminate: a ratio
  // Beyond 128 bits: a Boost rational.
  num::Decimal huge = num::div(dec("1"), num::mul(quotient(1, 3), dec("100000000000000000000000000000000000000")).value()).value();
  col.set(3, Value::of(huge));
  col.set(5, Value::of(dec("7")));
  CHECK(!col.uniform_units());
  CHECK(col.form() == PackedColumn::Form::Numbers);
  check_same(col.get(0), Value::of(units(150, 2)));
  check_same(col.get(1), Value::of(dec("2.5")));
  check_same(col.get(2), Value::of(quotient(1, 3)));
  check_same(col.get(3), Value::of(huge));
  CHECK(col.get(4).is_null());
  check_same(col.get(5), Value::of(dec("7")));
  // Overwriting a ratio row with a big value and back reuses nothing wrongly.
  col.set(2, Value::of(huge));
  col.set(3, Value::of(quotient(2, 7)));
  check_same(col.get(2), Value::of(huge));
  check_same(col.get(3), Value::of(quotient(2, 7)));
  col.set(0, Value::null());
  CHECK(col.get(0).is_null());
  col.resize(8);
  CHECK(col.get(7).is_null());
  check_same(col.get(5), Value::of(dec("7")));
}

TEST_CASE("packed column: set_ratio equals setting the Decimal of the ratio") {
  PackedColumn by_ratio(3), by_value(3);
  const num::detail::Ratio128 third{1, 3}, half{1, 2};
  by_ratio.set(0, Value::of(dec("4")));
  by_value.set(0, Value::of(dec("4")));
  by_ratio.set_ratio(1, third);
  by_value.set(1, Value::of(num::detail::decimal_of(third)));
  by_ratio.set_ratio(2, half);  // small: 0.5
  by_value.set(2, Value::of(num::detail::decimal_of(half)));
  for (std::uint32_t row = 0; row < 3; ++row) check_same(by_ratio.get(row), by_value.get(row));
  CHECK(by_ratio.get(2).number.is_small());
  CHECK(by_ratio.number_cell(1).kind == PackedColumn::NumberCell::Kind::Ratio);
  CHECK(by_ratio.number_cell(2).kind == PackedColumn::NumberCell::Kind::Small);
}

TEST_CASE("packed column: grades and bools in a byte, anything else widens to whole values") {
  PackedColumn grades(3);
  Value b;
  b.kind = Value::Kind::Grade;
  b.grade = 1;
  grades.set(0, b);
  CHECK(grades.form() == PackedColumn::Form::Grades);
  check_same(grades.get(0), b);
  CHECK(grades.get(1).is_null());

  PackedColumn bools(2);
  bools.set(0, Value::of_bool(false));
  bools.set(1, Value::of_bool(true));
  CHECK(bools.form() == PackedColumn::Form::Bools);
  CHECK(!detail::holds(bools.get(0)));
  CHECK(detail::holds(bools.get(1)));

  // A text value after numbers: the column becomes whole Values, rows kept.
  PackedColumn mixed(3);
  mixed.set(0, Value::of(quotient(1, 3)));
  Value text;
  text.kind = Value::Kind::Text;
  text.text = "C0042";
  mixed.set(1, text);
  CHECK(mixed.form() == PackedColumn::Form::Values);
  check_same(mixed.get(0), Value::of(quotient(1, 3)));
  check_same(mixed.get(1), text);
  CHECK(mixed.get(2).is_null());
  REQUIRE(mixed.stored(1) != nullptr);
  CHECK(mixed.stored(1)->text == "C0042");

  // A number carrying a stray member is kept whole, not packed without it.
  PackedColumn stray(1);
  Value odd = Value::of(dec("1"));
  odd.day = 3;
  stray.set(0, odd);
  check_same(stray.get(0), odd);
}
