#include "engine/data/canonical_text.h"

#include "engine/data/cell_syntax.h"
#include "engine/data/civil_date.h"

namespace accrue::data {

void append_canonical_text(const WorkColumn& column, std::size_t row, std::string& out) {
  switch (column.type) {
    case FieldType::Text: out.append(column.dictionary[column.codes[row]]); return;
    case FieldType::Reference:
      if (column.target != nullptr) {
        const WorkColumn& key = column.target->columns[*column.target_key];
        append_canonical_text(key, column.codes[row], out);
      } else {
        out.append(column.dictionary[column.codes[row]]);
      }
      return;
    case FieldType::Integer: append_integer(column.values[row], out); return;
    case FieldType::Number:
    case FieldType::Percent:
    case FieldType::Money: append_decimal(column.values[row], column.scale, out); return;
    case FieldType::Date: {
      char text[10];
      format_iso_date(column.days[row], text);
      out.append(text, sizeof text);
      return;
    }
    case FieldType::Bool: out.append(column.bools[row] != 0 ? "true" : "false"); return;
  }
}

}  // namespace accrue::data
