// The loading pipeline, in order: schema, manifest, every source, key order
// and duplicate keys, references, value order of keyless events, and only
// when nothing is wrong, hashes and the published Dataset.
#include "engine/data/canonical_order.h"
#include "engine/data/content_hash.h"
#include "engine/data/key_index.h"
#include <map>
#include <memory>
#include "engine/data/data.h"
#include "engine/data/manifest.h"
#include "engine/data/problem_sink.h"
#include "engine/data/references.h"
#include "engine/data/schema_check.h"
#include "engine/data/table_sources.h"

namespace accrue::data {

namespace {

LoadResult refuse(ProblemSink& sink) {
  LoadResult result;
  result.problems = sink.take_sorted(result.suppressed);
  return result;
}

}  // namespace

LoadResult load_dataset(const std::filesystem::path& manifest_path, const DatasetSchema& schema,
                        const LoadOptions& options) {
  ProblemSink sink(options.max_errors);
  if (!check_schema(schema, sink)) return refuse(sink);
  std::optional<Manifest> manifest = read_manifest(manifest_path, schema, sink);
  if (!manifest) return refuse(sink);

  const SourceOptions source_options{schema.currency, std::max(1u, options.threads)};
  std::vector<WorkTable> tables(manifest->tables.size());
  std::vector<WorkTable*> all;
  std::map<std::string, std::unique_ptr<KeyIndex>> key_indexes;  // tables with clean text keys, by name
  for (std::size_t index = 0; index < tables.size(); ++index) {
    WorkTable& table = tables[index];
    table.binding = &manifest->tables[index];
    for (BoundField& field : table.binding->fields) {
      const auto found = key_indexes.find(field.schema->references);
      if (field.schema->type == FieldType::Reference && found != key_indexes.end()) field.key_index = found->second.get();
    }
    const TableSchema& table_schema = *table.binding->schema;
    for (std::size_t field = 0; field < table_schema.fields.size(); ++field) {
      if (table_schema.fields[field].name == table_schema.key) table.key_column = field;
    }
    const std::size_t problems_before = sink.total();
    if (table.binding->format == SourceFormat::Csv) {
      load_csv_table(table, source_options, sink);
    } else {
      load_sqlite_table(table, source_options, sink);
    }
    table.clean = table.readable && sink.total() == problems_before;
    if (table.clean && table.key_column && table.columns[*table.key_column].type == FieldType::Text) {
      key_indexes.emplace(table_schema.name, std::make_unique<KeyIndex>(table.columns[*table.key_column].dictionary));
    }
    all.push_back(&table);
  }

  // Keys first: references resolve to rows in key order.
  for (WorkTable& table : tables) {
    if (table.readable && table.key_column) order_by_key(table, sink, source_options.threads);
  }
  for (WorkTable& table : tables) {
    if (table.readable) resolve_references(table, all, sink);
  }
  if (!sink.empty()) return refuse(sink);

  LoadResult result;
  for (WorkTable& table : tables) {
    if (!table.key_column) order_by_values(table, source_options.threads);
  }
  // All hashes before any table is published: a reference hashes as its
  // target's key text, read from the target table.
  const std::vector<ContentHash> hashes =
      options.defer_hashes ? std::vector<ContentHash>(tables.size()) : hash_tables(tables, source_options.threads);
  for (std::size_t index = 0; index < tables.size(); ++index) {
    result.dataset.tables.push_back(publish(std::move(tables[index]), hashes[index]));
  }
  return result;
}

}  // namespace accrue::data
