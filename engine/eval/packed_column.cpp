// The packed forms of a column of values (packed_column.h). A value goes into
// a packed form only when that form gives it back unchanged: a number whose
// other members are all at their defaults, a grade or bool likewise; anything
// else (text, dates, a Value carrying stray members) keeps the whole Value.
#include "eval/packed_column.h"

#include <algorithm>
#include <optional>
#include <utility>

namespace accrue::eval::detail {
namespace {

bool default_number(const num::Decimal& d) { return d.is_small() && d.small_units() == 0 && d.small_scale() == 0; }

// No member set but the ones the kind reads.
bool plain(const Value& v) {
  if (v.day != 0 || v.months != 0 || !v.text.empty()) return false;
  switch (v.kind) {
    case Value::Kind::Null: return !v.flag && v.grade == 0 && default_number(v.number);
    case Value::Kind::Number: return !v.flag && v.grade == 0;
    case Value::Kind::Grade: return !v.flag && default_number(v.number);
    case Value::Kind::Bool: return v.grade == 0 && default_number(v.number);
    default: return false;
  }
}

constexpr std::size_t words(std::uint32_t rows) { return (std::size_t{rows} + 63) / 64; }

template <class T>
void release(std::vector<T>& v) {
  std::vector<T>().swap(v);
}

}  // namespace

PackedColumn::Form PackedColumn::form_of(const Value& v) {
  if (!plain(v)) return Form::Values;
  switch (v.kind) {
    case Value::Kind::Null: return Form::Null;
    case Value::Kind::Number: return Form::Numbers;
    case Value::Kind::Grade: return v.grade < 256 ? Form::Grades : Form::Values;
    case Value::Kind::Bool: return Form::Bools;
    default: return Form::Values;
  }
}

bool PackedColumn::fits(const Value& v) const {
  if (form_ == Form::Values) return true;
  if (!plain(v)) return false;
  switch (v.kind) {
    case Value::Kind::Null: return true;
    case Value::Kind::Number: return form_ == Form::Numbers;
    case Value::Kind::Grade: return form_ == Form::Grades && v.grade < 256;
    case Value::Kind::Bool: return form_ == Form::Bools;
    default: return false;
  }
}

void PackedColumn::allocate(Form form, const Value& first) {
  form_ = form;
  if (form != Form::Values) nulls_.assign(words(rows_), ~std::uint64_t{0});
  switch (form) {
    case Form::Null: break;
    case Form::Numbers:
      scale_ = first.number.is_small() ? first.number.small_scale() : 0;
      units_.assign(rows_, 0);
      break;
    case Form::Grades: case Form::Bools: cells_.assign(rows_, 0); break;
    case Form::Values: values_.resize(rows_); break;
  }
}

void PackedColumn::widen() {
  std::vector<Value> values(rows_);
  for (std::uint32_t row = 0; row < rows_; ++row) values[row] = get(row);
  release(nulls_);
  release(units_);
  release(scales_);
  release(bigs_);
  ratios_.clear();
  ratios_.shrink_to_fit();
  release(cells_);
  values_ = std::move(values);
  form_ = Form::Values;
}

void PackedColumn::resize(std::uint32_t rows) {
  const std::uint32_t old = rows_;
  rows_ = rows;
  switch (form_) {
    case Form::Null: return;
    case Form::Values: values_.resize(rows); return;
    case Form::Numbers:
      units_.resize(rows, 0);
      if (!scales_.empty()) scales_.resize(rows, static_cast<std::uint8_t>(scale_));
      break;
    case Form::Grades: case Form::Bools: cells_.resize(rows, 0); break;
  }
  nulls_.resize(words(rows), ~std::uint64_t{0});
  // The rest of the last word that was in use may hold bits of rows cut off before.
  for (std::uint32_t row = old; row < rows && row % 64 != 0; ++row) mark(row, true);
}

bool PackedColumn::is_null(std::uint32_t row) const {
  if (row >= rows_ || form_ == Form::Null) return true;
  if (form_ == Form::Values) return values_[row].is_null();
  return (nulls_[row / 64] >> (row % 64)) & 1;
}

Value PackedColumn::get(std::uint32_t row) const {
  if (form_ == Form::Values) return row < rows_ ? values_[row] : Value::null();
  if (is_null(row)) return Value::null();
  Value v;
  switch (form_) {
    case Form::Numbers: {
      if (scales_.empty()) return Value::of(num::Decimal::small(units_[row], scale_));
      const std::uint8_t scale = scales_[row];
      const auto slot = static_cast<std::size_t>(units_[row]);
      if (scale == kRatio) return Value::of(num::detail::decimal_of(ratios_[slot]));
      if (scale == kBig) return Value::of(bigs_[slot]);
      return Value::of(num::Decimal::small(units_[row], scale));
    }
    case Form::Grades:
      v.kind = Value::Kind::Grade;
      v.grade = cells_[row];
      return v;
    case Form::Bools: return Value::of_bool(cells_[row] != 0);
    default: return v;
  }
}

void PackedColumn::set_number(std::uint32_t row, num::Decimal&& d) {
  if (d.is_small() && scales_.empty() && d.small_scale() == scale_) {
    units_[row] = d.small_units();
    return;
  }
  if (scales_.empty()) scales_.assign(rows_, static_cast<std::uint8_t>(scale_));
  const std::uint8_t old = scales_[row];
  const auto slot = static_cast<std::size_t>(units_[row]);
  if (old == kBig) bigs_[slot] = num::Decimal();  // its heap value is not needed any more
  if (d.is_small()) {
    scales_[row] = static_cast<std::uint8_t>(d.small_scale());
    units_[row] = d.small_units();
  } else if (std::optional<num::detail::Ratio128> ratio = num::detail::ratio_of(d)) {
    store_ratio(row, *ratio);
  } else if (old == kBig) {
    bigs_[slot] = std::move(d);  // the row's slot, reused
  } else {
    scales_[row] = kBig;
    units_[row] = static_cast<std::int64_t>(bigs_.size());
    bigs_.push_back(std::move(d));
  }
}

// The row's scale byte is set up (scales_ exists) and no longer names a big value.
void PackedColumn::store_ratio(std::uint32_t row, const num::detail::Ratio128& r) {
  if (scales_[row] == kRatio) {
    ratios_[static_cast<std::size_t>(units_[row])] = r;  // the row's slot, reused
    return;
  }
  scales_[row] = kRatio;
  units_[row] = static_cast<std::int64_t>(ratios_.size());
  ratios_.push_back(r);
}

void PackedColumn::set_ratio(std::uint32_t row, const num::detail::Ratio128& r) {
  if (row >= rows_) return;
  if (std::optional<num::Decimal> small = num::detail::small_of(r)) {
    set(row, Value::of(*std::move(small)));
    return;
  }
  if (form_ != Form::Numbers) {
    set(row, Value::of(num::detail::decimal_of(r)));  // the first value, or a column of another form
    return;
  }
  mark(row, false);
  if (scales_.empty()) scales_.assign(rows_, static_cast<std::uint8_t>(scale_));
  if (scales_[row] == kBig) {
    bigs_[static_cast<std::size_t>(units_[row])] = num::Decimal();
    scales_[row] = 0;
  }
  store_ratio(row, r);
}

PackedColumn::NumberCell PackedColumn::number_cell(std::uint32_t row) const {
  NumberCell cell;
  if (form_ == Form::Null || (form_ == Form::Numbers && is_null(row))) {
    cell.kind = NumberCell::Kind::Null;
    return cell;
  }
  if (form_ != Form::Numbers) return cell;
  cell.units = units_[row];
  cell.scale = scale_;
  if (!scales_.empty()) {
    const std::uint8_t scale = scales_[row];
    if (scale == kBig) return cell;
    if (scale == kRatio) {
      cell.kind = NumberCell::Kind::Ratio;
      cell.ratio = &ratios_[static_cast<std::size_t>(units_[row])];
      return cell;
    }
    cell.scale = scale;
  }
  cell.kind = NumberCell::Kind::Small;
  return cell;
}

void PackedColumn::set(std::uint32_t row, Value&& v) {
  if (row >= rows_) return;
  if (form_ == Form::Null) {
    Form form = form_of(v);
    if (form == Form::Null) return;  // already null
    allocate(form, v);
  } else if (!fits(v)) {
    widen();
  }
  if (form_ == Form::Values) {
    values_[row] = std::move(v);
    return;
  }
  if (v.is_null()) {
    mark(row, true);
    return;
  }
  mark(row, false);
  switch (form_) {
    case Form::Numbers: set_number(row, std::move(v.number)); break;
    case Form::Grades: cells_[row] = static_cast<std::uint8_t>(v.grade); break;
    case Form::Bools: cells_[row] = v.flag ? 1 : 0; break;
    default: break;
  }
}

void PackedColumn::fill(const Value& v) {
  for (std::uint32_t row = 0; row < rows_; ++row) set(row, v);
}

void PackedColumn::splice(std::uint32_t at, PackedColumn&& part) {
  if (part.form_ == Form::Null) return;  // every row null, as these rows already are
  const std::uint32_t n = std::min(part.rows_, rows_ > at ? rows_ - at : 0);
  if (form_ != part.form_ || at % 64 != 0 || form_ == Form::Null) {
    // Row by row, with set()'s widening: the rare case of ranges whose first
    // values asked for different forms.
    for (std::uint32_t row = 0; row < n; ++row)
      if (!part.is_null(row)) set(at + row, part.get(row));
    return;
  }
  if (form_ == Form::Values) {
    std::move(part.values_.begin(), part.values_.begin() + n, values_.begin() + at);
    return;
  }
  // Whole words of the null bitmap, then the rows of a last partial word.
  std::copy(part.nulls_.begin(), part.nulls_.begin() + n / 64, nulls_.begin() + at / 64);
  for (std::uint32_t row = n / 64 * 64; row < n; ++row) mark(at + row, part.is_null(row));
  if (form_ == Form::Grades || form_ == Form::Bools) {
    std::copy(part.cells_.begin(), part.cells_.begin() + n, cells_.begin() + at);
    return;
  }
  if (scales_.empty() && part.scales_.empty() && scale_ == part.scale_) {
    std::copy(part.units_.begin(), part.units_.begin() + n, units_.begin() + at);
    return;
  }
  if (scales_.empty()) scales_.assign(rows_, static_cast<std::uint8_t>(scale_));
  for (std::uint32_t row = 0; row < n; ++row) {
    if (part.is_null(row)) continue;
    const std::uint8_t scale = part.scales_.empty() ? static_cast<std::uint8_t>(part.scale_) : part.scales_[row];
    const auto slot = static_cast<std::size_t>(part.units_[row]);
    if (scale == kRatio) {
      store_ratio(at + row, part.ratios_[slot]);
    } else if (scale == kBig) {
      scales_[at + row] = kBig;
      units_[at + row] = static_cast<std::int64_t>(bigs_.size());
      bigs_.push_back(std::move(part.bigs_[slot]));
    } else {
      scales_[at + row] = scale;
      units_[at + row] = part.units_[row];
    }
  }
}

}  // namespace accrue::eval::detail
