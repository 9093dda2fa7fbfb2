// Data-loading benchmark: generates the bench plan's dataset (deterministic,
// any size) and times load_dataset on it, reporting wall time and peak RSS.
//
//   accrue_data_bench [--rows 100000,1000000,10000000] [--threads 2]
//                     [--repeat 3] [--dir bench/.work/data] [--fingerprint 1]
//
// --fingerprint 1 loads each size once (all five tables) and prints, per
// table, its content hash and a digest of every loaded column, validity
// bitmap and source row: two builds (or thread counts) that print the same
// lines produced the same Dataset.
//
// Sizes follow issue 5: reps = orders/1000, customers = orders/10,
// surveys = orders/5, incidents = orders/10000. Each measurement runs in a
// fresh child process, so its peak RSS (getrusage) is the load alone; the
// best of --repeat runs is printed. Files are generated once per size and
// reused; orders are in date order with random customers, as CRM exports are.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "engine/data/data.h"

namespace fs = std::filesystem;
using namespace accrue::data;

namespace {

// splitmix64: a fixed, portable sequence, so every machine gets the same files.
struct Random {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  std::uint64_t below(std::uint64_t bound) { return next() % bound; }
};

// Buffered writer: generation streams to disk and keeps RSS small.
class Writer {
 public:
  explicit Writer(const fs::path& path) : file_(std::fopen(path.c_str(), "wb")) {}
  ~Writer() {
    flush();
    std::fclose(file_);
  }
  void add(std::string_view text) {
    buffer_.append(text);
    if (buffer_.size() > (1 << 20)) flush();
  }

 private:
  void flush() {
    std::fwrite(buffer_.data(), 1, buffer_.size(), file_);
    buffer_.clear();
  }
  std::FILE* file_;
  std::string buffer_;
};

std::string date_text(std::int64_t day_of_2025) {
  // 2025-01-01 plus day_of_2025 days (0..729), month lengths of 2025 and 2026.
  static constexpr int kMonth[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int year = 2025;
  int day = static_cast<int>(day_of_2025);
  while (day >= 365) {
    day -= 365;
    ++year;
  }
  int month = 0;
  while (day >= kMonth[month]) day -= kMonth[month++];
  return fmt::format("{}-{:02}-{:02}", year, month + 1, day + 1);
}

void generate(const fs::path& dir, std::uint64_t orders) {
  fs::create_directories(dir);
  Random random{orders};
  const std::uint64_t reps = std::max<std::uint64_t>(1, orders / 1000);
  const std::uint64_t customers = std::max<std::uint64_t>(1, orders / 10);
  {
    Writer out(dir / "reps.csv");
    out.add("id,name,region_stage,target_incentive\n");
    for (std::uint64_t rep = 0; rep < reps; ++rep) {
      out.add(fmt::format("R{:05},Rep {},{},{}.00\n", rep, rep, rep % 3 == 0 ? "emerging" : "mature",
                          20000 + random.below(30000)));
    }
  }
  {
    Writer out(dir / "customers.csv");
    out.add("id,owner,acquired,acquisition_cost\n");
    for (std::uint64_t customer = 0; customer < customers; ++customer) {
      out.add(fmt::format("C{:07},R{:05},{},{}.{:02}\n", customer, random.below(reps), date_text(random.below(365)),
                          random.below(5000), random.below(100)));
    }
  }
  auto dated_rows = [&](const fs::path& path, std::string_view header, std::uint64_t count, auto&& row) {
    Writer out(path);
    out.add(header);
    for (std::uint64_t index = 0; index < count; ++index) {
      out.add(date_text(index * 730 / count));  // date order over two years
      out.add(row());
    }
  };
  dated_rows(dir / "orders.csv", "on,customer,amount,margin\n", orders, [&] {
    return fmt::format(",C{:07},{}.{:02},{}.{}%\n", random.below(customers), 10 + random.below(2000),
                       random.below(100), 5 + random.below(40), random.below(10));
  });
  dated_rows(dir / "surveys.csv", "on,customer,score\n", orders / 5,
             [&] { return fmt::format(",C{:07},{}\n", random.below(customers), random.below(11)); });
  dated_rows(dir / "incidents.csv", "on,payee,kind\n", std::max<std::uint64_t>(1, orders / 10000), [&] {
    return fmt::format(",R{:05},{}\n", random.below(reps), random.below(4) == 0 ? "bribery" : "complaint");
  });
  Writer manifest(dir / "orders.yaml");
  manifest.add("tables:\n  Rep: {csv: reps.csv}\n  Customer: {csv: customers.csv}\n  Order: {csv: orders.csv}\n");
  Writer full(dir / "all.yaml");
  full.add("tables:\n  Rep: {csv: reps.csv}\n  Customer: {csv: customers.csv}\n  Order: {csv: orders.csv}\n"
           "  Survey: {csv: surveys.csv}\n  Incident: {csv: incidents.csv}\n");
}

DatasetSchema bench_schema(bool all) {
  DatasetSchema schema;
  schema.currency = "CNY";
  schema.tables.push_back(TableSchema{"Rep", TableKind::Payee, "id", "",
                                      {{"id", FieldType::Text, false, ""},
                                       {"name", FieldType::Text, false, ""},
                                       {"region_stage", FieldType::Text, false, ""},
                                       {"target_incentive", FieldType::Money, false, ""}}});
  schema.tables.push_back(TableSchema{"Customer", TableKind::Entity, "id", "",
                                      {{"id", FieldType::Text, false, ""},
                                       {"owner", FieldType::Reference, false, "Rep"},
                                       {"acquired", FieldType::Date, false, ""},
                                       {"acquisition_cost", FieldType::Money, false, ""}}});
  schema.tables.push_back(TableSchema{"Order", TableKind::Event, "", "on",
                                      {{"on", FieldType::Date, false, ""},
                                       {"customer", FieldType::Reference, false, "Customer"},
                                       {"amount", FieldType::Money, false, ""},
                                       {"margin", FieldType::Percent, false, ""}}});
  if (all) {
    schema.tables.push_back(TableSchema{"Survey", TableKind::Event, "", "on",
                                        {{"on", FieldType::Date, false, ""},
                                         {"customer", FieldType::Reference, false, "Customer"},
                                         {"score", FieldType::Integer, false, ""}}});
    schema.tables.push_back(TableSchema{"Incident", TableKind::Event, "", "on",
                                        {{"on", FieldType::Date, false, ""},
                                         {"payee", FieldType::Reference, false, "Rep"},
                                         {"kind", FieldType::Text, false, ""}}});
  }
  return schema;
}

struct Measurement {
  std::int64_t micros = 0;
  std::int64_t cpu_micros = 0;  // user + system: what the load cost, even on a busy machine
  std::int64_t peak_kb = 0;
  std::uint64_t rows = 0;
  bool ok = false;
};

// Loads once in a child process and reports through a pipe.
Measurement measure(const fs::path& manifest, bool all, unsigned threads) {
  int channel[2];
  if (pipe(channel) != 0) return {};
  const pid_t child = fork();
  if (child == 0) {
    close(channel[0]);
    const auto start = std::chrono::steady_clock::now();
    const LoadResult result = load_dataset(manifest, bench_schema(all), LoadOptions{50, threads});
    const auto elapsed = std::chrono::steady_clock::now() - start;
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    Measurement m;
    m.micros = std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count();
    m.peak_kb = usage.ru_maxrss;
    m.cpu_micros = (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000000 + usage.ru_utime.tv_usec +
                   usage.ru_stime.tv_usec;
    m.ok = result.ok();
    for (const Table& table : result.dataset.tables) m.rows += table.row_count;
    for (const DataProblem& problem : result.problems) std::fprintf(stderr, "%s\n", problem.to_string().c_str());
    if (write(channel[1], &m, sizeof m) != sizeof m) _exit(1);
    _exit(0);
  }
  close(channel[1]);
  Measurement m;
  if (read(channel[0], &m, sizeof m) != sizeof m) m = {};
  close(channel[0]);
  int status = 0;
  waitpid(child, &status, 0);
  return m;
}

// FNV-1a over raw bytes: enough to tell two in-memory datasets apart.
struct Digest {
  std::uint64_t state = 0xcbf29ce484222325ull;
  void add(const void* data, std::size_t size) {
    const auto* bytes = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < size; ++i) state = (state ^ bytes[i]) * 0x100000001b3ull;
  }
  template <typename T>
  void add_vector(const std::vector<T>& values) {
    add(values.data(), values.size() * sizeof(T));
  }
};

std::string fingerprint(const Dataset& dataset) {
  std::string out;
  for (const Table& table : dataset.tables) {
    Digest digest;
    digest.add_vector(table.source_rows);
    for (const Column& column : table.columns) {
      digest.add_vector(column.validity);
      switch (column.type) {
        case FieldType::Text: {
          digest.add_vector(column.text().codes);
          const TextDictionary& dictionary = column.text().dictionary;
          for (std::uint32_t code = 0; code < dictionary.size(); ++code) {
            digest.add(dictionary[code].data(), dictionary[code].size());
            digest.add("", 1);
          }
          break;
        }
        case FieldType::Integer: digest.add_vector(column.integers()); break;
        case FieldType::Number:
        case FieldType::Percent:
        case FieldType::Money: {
          const auto units = column.decimals().units();
          const int scale = column.decimals().scale();
          digest.add(&scale, sizeof scale);
          digest.add(units.data(), units.size() * sizeof(std::int64_t));
          break;
        }
        case FieldType::Date: digest.add_vector(column.days()); break;
        case FieldType::Bool: digest.add_vector(column.bools()); break;
        case FieldType::Reference: digest.add_vector(column.rows()); break;
      }
    }
    out += fmt::format("{} rows={} hash={} columns={:016x}\n", table.name, table.row_count,
                       to_hex(table.content_hash), digest.state);
  }
  return out;
}

std::string millis(std::int64_t micros) { return fmt::format("{}.{:03}", micros / 1000, micros % 1000); }

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::uint64_t> sizes = {100000, 1000000, 10000000};
  unsigned threads = 2;
  int repeat = 3;
  bool print_fingerprint = false;
  fs::path dir = "bench/.work/data";
  for (int arg = 1; arg + 1 < argc; arg += 2) {
    const std::string name = argv[arg];
    const std::string value = argv[arg + 1];
    if (name == "--rows") {
      sizes.clear();
      for (std::size_t at = 0; at <= value.size();) {
        const std::size_t comma = std::min(value.find(',', at), value.size());
        sizes.push_back(std::stoull(value.substr(at, comma - at)));
        at = comma + 1;
      }
    } else if (name == "--threads") {
      threads = static_cast<unsigned>(std::stoul(value));
    } else if (name == "--repeat") {
      repeat = std::stoi(value);
    } else if (name == "--fingerprint") {
      print_fingerprint = value != "0";
    } else if (name == "--dir") {
      dir = value;
    } else {
      std::fprintf(stderr, "usage: %s [--rows N,N,...] [--threads T] [--repeat R] [--dir DIR] [--fingerprint 1]\n",
                   argv[0]);
      return 2;
    }
  }
  if (print_fingerprint) {
    for (const std::uint64_t orders : sizes) {
      const fs::path data_dir = dir / std::to_string(orders);
      if (!fs::exists(data_dir / "all.yaml")) generate(data_dir, orders);
      const LoadResult result = load_dataset(data_dir / "all.yaml", bench_schema(true), LoadOptions{50, threads});
      for (const DataProblem& problem : result.problems) std::fprintf(stderr, "%s\n", problem.to_string().c_str());
      if (!result.ok()) return 1;
      std::printf("orders=%llu threads=%u\n%s", static_cast<unsigned long long>(orders), threads,
                  fingerprint(result.dataset).c_str());
    }
    return 0;
  }
  std::printf("%12s  %-22s %12s %12s %12s %12s\n", "orders", "tables", "rows loaded", "load ms", "cpu ms",
              "peak RSS MB");
  for (const std::uint64_t orders : sizes) {
    const fs::path data_dir = dir / std::to_string(orders);
    if (!fs::exists(data_dir / "all.yaml")) generate(data_dir, orders);
    for (const bool all : {false, true}) {
      Measurement best;
      for (int run = 0; run < repeat; ++run) {
        const Measurement m = measure(data_dir / (all ? "all.yaml" : "orders.yaml"), all, threads);
        if (!m.ok) {
          std::fprintf(stderr, "load failed\n");
          return 1;
        }
        if (run == 0 || m.micros < best.micros) best = m;
      }
      std::printf("%12llu  %-22s %12llu %12s %12s %12lld\n", static_cast<unsigned long long>(orders),
                  all ? "all five" : "reps+customers+orders", static_cast<unsigned long long>(best.rows),
                  millis(best.micros).c_str(), millis(best.cpu_micros).c_str(),
                  static_cast<long long>(best.peak_kb / 1024));
      std::fflush(stdout);
    }
  }
  return 0;
}
