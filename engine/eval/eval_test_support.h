// Shared by the eval tests: a plan written as text and a dataset written as
// CSV files, checked and loaded the way `accrue settle` does, then evaluated
// for a period; values are read back as text by record key and measure name.
#pragma once

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "check/check.h"
#include "eval/eval.h"

namespace accrue::eval::testing {

inline std::filesystem::path scratch(const std::string& name) {
  auto dir = std::filesystem::path(ACCRUE_EVAL_SCRATCH) / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

inline void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

// A value as a test compares it: exact decimal text, true/false, a date,
// a grade's label, "null".
inline std::string show(const Value& v, const check::Type* type = nullptr) {
  switch (v.kind) {
    case Value::Kind::Null: return "null";
    case Value::Kind::Number: return v.number.to_string();
    case Value::Kind::Bool: return v.flag ? "true" : "false";
    case Value::Kind::Text: return v.text;
    case Value::Kind::Date: return format_date(v.day);
    case Value::Kind::Grade:
      if (type && type->labels && v.grade < type->labels->size()) return (*type->labels)[v.grade];
      return "grade " + std::to_string(v.grade);
    case Value::Kind::Duration: return std::to_string(v.months) + "m" + std::to_string(v.day) + "d";
  }
  return "?";
}

struct Fixture {
  diag::SourceMap sources;
  check::CheckResult checked;
  data::LoadResult loaded;
  std::filesystem::path dir;
  EvalResult result;

  // `plan` is written to plan.plan; `tables` maps record name -> CSV text.
  Fixture(const std::string& name, const std::string& plan, const std::map<std::string, std::string>& tables) {
    dir = scratch(name);
    write_file(dir / "plan.plan", plan);
    std::string manifest = "tables:\n";
    for (const auto& [record, csv] : tables) {
      write_file(dir / (record + ".csv"), csv);
      manifest += "  " + record + ":\n    csv: " + record + ".csv\n";
    }
    write_file(dir / "manifest.yaml", manifest);
    checked = check::check_plan_file(dir / "plan.plan", sources, {});
    std::string diags;
    for (const auto& d : checked.diagnostics.items()) diags += diag::render_text(d, sources, {});
    INFO(diags);
    REQUIRE(checked.plan);
    load(dir / "manifest.yaml");
  }

  // A plan and dataset on disk (the sample plans).
  Fixture(const std::filesystem::path& plan_path, const std::filesystem::path& manifest,
          const check::CheckOptions& options = {}) {
    checked = check::check_plan_file(plan_path, sources, options);
    std::string diags;
    for (const auto& d : checked.diagnostics.items()) diags += diag::render_text(d, sources, {});
    INFO(diags);
    REQUIRE(checked.plan);
    load(manifest);
  }

  void load(const std::filesystem::path& manifest) {
    loaded = data::load_dataset(manifest, dataset_schema(*checked.plan));
    std::string problems;
    for (const auto& p : loaded.problems) problems += p.to_string() + "\n";
    INFO(problems);
    REQUIRE(loaded.ok());
  }

  const check::Plan& plan() const { return *checked.plan; }

  // Evaluates the period; true when it succeeded.
  bool run(const std::string& label, const EvalOptions& options = {}) {
    auto period = parse_period(label, plan().cadence);
    REQUIRE(period.ok());
    result = evaluate(plan(), loaded.dataset, *period, options);
    return result.evaluation != nullptr;
  }
  const Evaluation& ev() const { return *result.evaluation; }

  std::string errors() const {
    std::string out;
    for (const auto& e : result.errors) out += e.message + "\n";
    return out;
  }

  check::RecordId record(const std::string& name) const {
    for (check::RecordId i = 0; i < plan().records.size(); ++i)
      if (plan().records[i].name == name) return i;
    FAIL("no record " << name);
    return check::kNoId;
  }
  std::uint32_t row(check::RecordId rec, const std::string& key) const {
    auto r = ev().table(rec).find_key(key);
    REQUIRE_MESSAGE(r.has_value(), "no row " << key);
    return *r;
  }

  // "Customer", "clv", "C1" -> the measure's value as text.
  std::string measure(const std::string& record_name, const std::string& name, const std::string& key) const {
    check::RecordId rec = record(record_name);
    const auto& index = plan().records[rec].measure_index;
    auto it = index.find(name);
    REQUIRE_MESSAGE(it != index.end(), "no measure " << name);
    return show(ev().measure(it->second, row(rec, key)), &plan().measures[it->second].type);
  }

  std::string param(const std::string& name) const {
    for (check::ParamId i = 0; i < plan().params.size(); ++i)
      if (plan().params[i].name == name) return show(ev().param(i), &plan().params[i].type);
    FAIL("no param " << name);
    return {};
  }
};

}  // namespace accrue::eval::testing
