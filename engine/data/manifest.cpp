#include "engine/data/manifest.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

namespace accrue::data {

namespace {

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const bool same = (a[i - 1] | 0x20) == (b[j - 1] | 0x20);  // letter case counts half
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string did_you_mean(const std::string& name, const std::vector<std::string>& candidates) {
  const std::string closest = closest_name(name, candidates);
  return closest.empty() ? std::string() : fmt::format(" (did you mean '{}'?)", closest);
}

// Reports problems at a node's position in the manifest.
class ManifestReader {
 public:
  ManifestReader(std::string display_path, std::filesystem::path directory, ProblemSink& sink)
      : display_path_(std::move(display_path)), directory_(std::move(directory)), sink_(sink) {}

  void problem(const YAML::Mark& mark, std::string message) {
    const bool known = mark.line >= 0;
    sink_.add(display_path_, known ? static_cast<std::uint64_t>(mark.line) + 1 : 0,
              known ? static_cast<std::uint32_t>(mark.column) + 1 : 0, std::move(message));
    ++problems_;
  }

  std::optional<std::string> scalar(const YAML::Node& node, const std::string& what) {
    if (!node.IsScalar() || node.Scalar().empty()) {
      problem(node.Mark(), fmt::format("{} must be a non-empty text", what));
      return std::nullopt;
    }
    return node.Scalar();
  }

  void bind_table(const TableSchema& table, const YAML::Node& entry, TableBinding& binding) {
    binding.schema = &table;
    if (!entry.IsMap()) {
      problem(entry.Mark(), fmt::format("table '{}' needs a source: `csv: FILE` or `sqlite: FILE`", table.name));
      return;
    }
    static const std::vector<std::string> kKeys = {"csv", "sqlite", "table", "columns"};
    std::optional<std::string> written;
    YAML::Mark written_at;
    std::set<std::string> seen;
    for (const auto& item : entry) {
      const std::string key = item.first.Scalar();
      if (!seen.insert(key).second) {
        problem(item.first.Mark(), fmt::format("'{}' is given twice for table '{}'", key, table.name));
        continue;
      }
      if (key == "csv" || key == "sqlite") {
        if (written) {
          problem(item.first.Mark(), fmt::format("table '{}' has two sources; give either csv or sqlite", table.name));
          continue;
        }
        written = scalar(item.second, fmt::format("the {} path of table '{}'", key, table.name));
        written_at = item.second.Mark();
        binding.format = key == "csv" ? SourceFormat::Csv : SourceFormat::Sqlite;
      } else if (key == "table") {
        if (auto name = scalar(item.second, "`table`")) binding.sqlite_table = *name;
      } else if (key == "columns") {
        bind_renames(table, item.second, binding);
      } else {
        problem(item.first.Mark(), fmt::format("unknown setting '{}' for table '{}'{}", key, table.name,
                                               did_you_mean(key, kKeys)));
      }
    }
    if (!written) {
      if (seen.count("csv") == 0 && seen.count("sqlite") == 0) {
        problem(entry.Mark(), fmt::format("table '{}' has no source: add `csv: FILE` or `sqlite: FILE`", table.name));
      }
      return;
    }
    if (binding.format == SourceFormat::Csv && seen.count("table") != 0) {
      problem(entry["table"].Mark(), fmt::format("`table` only applies to a sqlite source (table '{}')", table.name));
    }
    if (binding.format == SourceFormat::Sqlite && binding.sqlite_table.empty()) binding.sqlite_table = table.name;
    const std::filesystem::path relative(*written);
    binding.path = relative.is_absolute() ? relative : (directory_ / relative).lexically_normal();
    binding.display_path = binding.path.generic_string();
    // A mistyped file name is a manifest mistake: report it where it is
    // written, with the files that are there.
    std::error_code ec;
    if (!std::filesystem::exists(binding.path, ec)) {
      std::vector<std::string> present;
      // Only names that start alike are offered: a typo, not another table's file.
      const std::string wanted = relative.filename().string();
      for (const auto& e : std::filesystem::directory_iterator(binding.path.parent_path(), ec)) {
        const std::string name = e.path().filename().string();
        if (e.path().extension() == relative.extension() && name.compare(0, 3, wanted, 0, 3) == 0)
          present.push_back(name);
      }
      std::sort(present.begin(), present.end());
      problem(written_at, fmt::format("table '{}': '{}' does not exist{}", table.name, *written,
                                      did_you_mean(relative.filename().string(), present)));
    }
  }

  void bind_renames(const TableSchema& table, const YAML::Node& node, TableBinding& binding) {
    if (!node.IsMap()) {
      problem(node.Mark(), "`columns` must map field names to source column names, e.g. `columns: {on: order_date}`");
      return;
    }
    std::vector<std::string> field_names;
    for (const FieldSchema& field : table.fields) field_names.push_back(field.name);
    for (const auto& item : node) {
      const std::string field = item.first.Scalar();
      const auto found = std::find(field_names.begin(), field_names.end(), field);
      if (found == field_names.end()) {
        problem(item.first.Mark(), fmt::format("table '{}' declares no field '{}'{}", table.name, field,
                                               did_you_mean(field, field_names)));
        continue;
      }
      auto column = scalar(item.second, fmt::format("the source column of field '{}'", field));
      if (!column) continue;
      BoundField& bound = binding.fields[static_cast<std::size_t>(found - field_names.begin())];
      if (bound.source_column != field) {
        problem(item.first.Mark(), fmt::format("field '{}' is renamed twice", field));
        continue;
      }
      bound.source_column = *column;
    }
  }

  std::size_t problems() const { return problems_; }

 private:
  std::string display_path_;
  std::filesystem::path directory_;
  ProblemSink& sink_;
  std::size_t problems_ = 0;
};

void label_fields(TableBinding& binding) {
  for (BoundField& field : binding.fields) {
    const std::string where = binding.format == SourceFormat::Sqlite
                                  ? fmt::format("{}.{}", binding.sqlite_table, field.source_column)
                                  : field.source_column;
    field.label = field.source_column == field.schema->name
                      ? fmt::format("column '{}'", where)
                      : fmt::format("column '{}' (field '{}')", where, field.schema->name);
  }
}

}  // namespace

std::string closest_name(const std::string& name, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, name.size() / 3) + 1;
  for (const std::string& candidate : candidates) {
    const std::size_t distance = edit_distance(name, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

std::optional<Manifest> read_manifest(const std::filesystem::path& manifest_path, const DatasetSchema& schema,
                                      ProblemSink& sink) {
  Manifest manifest;
  manifest.display_path = manifest_path.generic_string();
  ManifestReader reader(manifest.display_path, manifest_path.parent_path(), sink);

  std::error_code error;
  if (!std::filesystem::is_regular_file(manifest_path, error)) {
    sink.add(manifest.display_path, 0, 0, "cannot read the dataset manifest: no such file");
    return std::nullopt;
  }
  YAML::Node root;
  try {
    root = YAML::LoadFile(manifest_path.string());
  } catch (const YAML::BadFile&) {
    sink.add(manifest.display_path, 0, 0, "cannot read the dataset manifest");
    return std::nullopt;
  } catch (const YAML::Exception& failure) {
    reader.problem(failure.mark, fmt::format("invalid YAML: {}", failure.msg));
    return std::nullopt;
  }

  std::vector<std::string> declared;
  for (const TableSchema& table : schema.tables) declared.push_back(table.name);

  YAML::Node tables_node;
  YAML::Mark tables_at;
  if (root.IsMap()) {
    for (const auto& item : root) {
      const std::string key = item.first.Scalar();
      if (key == "tables") {
        tables_node = item.second;
        tables_at = item.first.Mark();
      } else {
        reader.problem(item.first.Mark(), fmt::format("unknown setting '{}' (a manifest has `tables:`)", key));
      }
    }
  }
  if (!tables_node.IsDefined() || !tables_node.IsMap()) {
    reader.problem(root.IsDefined() ? root.Mark() : YAML::Mark(),
                   "the manifest must have a `tables:` mapping from each declared table to its source");
    return std::nullopt;
  }

  // One message per mistake: a misspelt table name or a source key indented
  // at the level of table names also leaves a table without its source, which
  // is not reported again.
  static const std::vector<std::string> kSourceKeys = {"csv", "sqlite", "table", "columns"};
  std::map<std::string, YAML::Node> entries;
  std::set<std::string> explained;
  std::string previous;
  for (const auto& item : tables_node) {
    const std::string name = item.first.Scalar();
    const std::string before = std::exchange(previous, name);
    if (std::find(declared.begin(), declared.end(), name) == declared.end()) {
      const auto owner = entries.find(before);
      if (std::find(kSourceKeys.begin(), kSourceKeys.end(), name) != kSourceKeys.end() && owner != entries.end() &&
          !owner->second.IsMap()) {
        reader.problem(item.first.Mark(), fmt::format("`{}:` belongs to table '{}' but is not indented under it: "
                                                      "indent it more than '{}:'",
                                                      name, before, before));
        explained.insert(before);
        continue;
      }
      const std::string closest = closest_name(name, declared);
      reader.problem(item.first.Mark(),
                     fmt::format("the plan declares no table '{}'{}", name, did_you_mean(name, declared)));
      if (!closest.empty()) explained.insert(closest);
      continue;
    }
    if (!entries.emplace(name, item.second).second) {
      reader.problem(item.first.Mark(), fmt::format("table '{}' is bound twice", name));
    }
  }

  for (const TableSchema& table : schema.tables) {
    TableBinding binding;
    binding.schema = &table;
    for (const FieldSchema& field : table.fields) binding.fields.push_back(BoundField{&field, field.name, {}, 0, nullptr});
    const auto entry = entries.find(table.name);
    if (entry == entries.end() || !entry->second.IsMap()) {
      if (explained.count(table.name) != 0) continue;
    }
    if (entry == entries.end()) {
      reader.problem(tables_at, fmt::format("the plan declares table '{}' but the manifest gives it no source: "
                                            "add `{}: {{csv: FILE}}` under `tables:`",
                                            table.name, table.name));
      continue;
    }
    reader.bind_table(table, entry->second, binding);
    label_fields(binding);
    manifest.tables.push_back(std::move(binding));
  }
  if (reader.problems() != 0) return std::nullopt;
  return manifest;
}

}  // namespace accrue::data
