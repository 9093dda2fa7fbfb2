#include "settle/period_data.h"

namespace accrue::settle {

bool period_has_events(const data::Dataset& dataset, const data::DatasetSchema& schema, const eval::Period& period) {
  for (const data::TableSchema& ts : schema.tables) {
    if (ts.kind != data::TableKind::Event || ts.date_field.empty()) continue;
    const data::Table* table = dataset.table(ts.name);
    const data::Column* dates = table ? table->column(ts.date_field) : nullptr;
    if (!dates || dates->type != data::FieldType::Date) continue;
    const auto& days = dates->days();
    for (std::size_t row = 0; row < days.size(); ++row)
      if (!dates->is_null(row) && days[row] >= period.first_day && days[row] <= period.last_day) return true;
  }
  return false;
}

}  // namespace accrue::settle
