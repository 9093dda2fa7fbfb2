// Benchmark of the number layer against Python's decimal (libmpdec), side by
// side in one run: 10 million two-decimal amounts in a DecimalColumn,
//   1. summed,
//   2. multiplied by a percent (12.5%) and rounded to cents, half_even,
// each timed as the median of several runs; then decimal_peer.py runs the same
// loops on the same amounts, and every result is compared to the digit.
// Exit status: 0 when identical and both ratios reach 20x, 1 when a result
// differs, 3 when a ratio is below 20x, 2 on a usage or I/O error.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "num/num.h"

namespace {

using namespace accrue::num;
using Clock = std::chrono::steady_clock;

constexpr double kRequiredRatio = 20.0;

struct Options {
  std::size_t rows = 10'000'000;
  int runs = 7;
  int python_runs = 3;
  std::string rate = "12.5%";
  std::string python = "python3";
  std::string peer = ACCRUE_NUM_PEER_SCRIPT;
};

Options parse_options(int argc, char** argv) {
  Options options;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    std::string value = argv[i + 1];
    if (flag == "--rows") options.rows = std::stoull(value);
    else if (flag == "--runs") options.runs = std::stoi(value);
    else if (flag == "--python-runs") options.python_runs = std::stoi(value);
    else if (flag == "--rate") options.rate = value;
    else if (flag == "--python") options.python = value;
    else if (flag == "--peer") options.peer = value;
    else {
      std::cerr << "usage: accrue_num_bench [--rows N] [--runs N] [--python-runs N] [--rate 12.5%] "
                   "[--python python3] [--peer decimal_peer.py]\n";
      std::exit(2);
    }
  }
  return options;
}

// Amounts from -1,000.00 to 99,999.99 (a tenth of them refunds), fixed seed.
std::vector<std::int64_t> make_cents(std::size_t rows) {
  std::vector<std::int64_t> cents(rows);
  std::uint64_t state = 20240404;
  for (std::int64_t& c : cents) {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    c = (z % 10 == 0) ? -static_cast<std::int64_t>(z % 100'000) : static_cast<std::int64_t>(z % 10'000'000);
  }
  return cents;
}

template <class Body>
double median_seconds(int runs, Body body) {
  std::vector<double> times;
  for (int run = 0; run < runs; ++run) {
    auto start = Clock::now();
    body();
    times.push_back(std::chrono::duration<double>(Clock::now() - start).count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

// Reads "key": value from the peer's one-line JSON (its keys are fixed).
std::string json_field(const std::string& json, const std::string& key) {
  std::size_t at = json.find("\"" + key + "\": ");
  if (at == std::string::npos) return {};
  at += key.size() + 4;
  if (json[at] == '"') return json.substr(at + 1, json.find('"', at + 1) - at - 1);
  return json.substr(at, json.find_first_of(",}", at) - at);
}

std::string cpu_model() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  for (std::string line; std::getline(cpuinfo, line);) {
    if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
  }
  return "unknown";
}

std::string text(const Decimal& value) { return *value.to_string(2, RoundingMode::down); }

}  // namespace

int main(int argc, char** argv) {
  Options options = parse_options(argc, argv);
  std::vector<std::int64_t> cents = make_cents(options.rows);
  DecimalColumn amounts = *DecimalColumn::from_units(cents, 2);
  Decimal rate = *Decimal::parse(options.rate);

  Decimal total;
  double sum_seconds = median_seconds(options.runs, [&] { total = *sum(amounts); });
  DecimalColumn commissions;
  double mul_seconds = median_seconds(options.runs, [&] {
    commissions = *multiply_round(amounts, rate, 2, RoundingMode::half_even);
  });

  // The same amounts for Python, as text.
  std::filesystem::path scratch = std::filesystem::temp_directory_path() /
                                  ("accrue_num_bench_" + std::to_string(::getpid()));
  std::filesystem::create_directories(scratch);
  {
    std::ofstream out(scratch / "amounts.txt");
    for (std::size_t row = 0; row < amounts.size(); ++row) out << text(amounts.at(row)) << '\n';
  }
  std::string command = options.python + " " + options.peer + " --amounts " + (scratch / "amounts.txt").string() +
                        " --rate " + options.rate + " --runs " + std::to_string(options.python_runs) +
                        " --results " + (scratch / "python_results.txt").string();
  std::string json;
  {
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) return 2;
    char buffer[4096];
    while (std::fgets(buffer, sizeof buffer, pipe)) json += buffer;
    if (pclose(pipe) != 0) {
      std::cerr << "decimal_peer.py failed: " << command << "\n";
      return 2;
    }
  }
  double python_sum = std::stod(json_field(json, "sum_seconds"));
  double python_mul = std::stod(json_field(json, "mul_round_seconds"));

  bool sum_identical = json_field(json, "sum") == text(total);
  std::size_t mismatches = 0, first_mismatch = 0, rows_read = 0;
  {
    std::ifstream in(scratch / "python_results.txt");
    std::string line;
    for (; std::getline(in, line) && rows_read < commissions.size(); ++rows_read) {
      if (line != text(commissions.at(rows_read)) && mismatches++ == 0) first_mismatch = rows_read;
    }
  }
  bool mul_identical = mismatches == 0 && rows_read == commissions.size();
  std::filesystem::remove_all(scratch);

  double sum_ratio = python_sum / sum_seconds;
  double mul_ratio = python_mul / mul_seconds;
  std::printf("accrue num bench: %zu two-decimal amounts; median of %d runs (accrue), %d runs (Python %s decimal)\n",
              options.rows, options.runs, options.python_runs, json_field(json, "python").c_str());
  std::printf("machine: %u cores (nproc), %s\n", std::thread::hardware_concurrency(), cpu_model().c_str());
  std::printf("%-40s %12s %16s %8s  %s\n", "loop", "accrue", "Python decimal", "ratio", "identical");
  std::printf("%-40s %9.2f ms %13.1f ms %7.1fx  %s (sum %s)\n", "sum", sum_seconds * 1e3, python_sum * 1e3, sum_ratio,
              sum_identical ? "yes" : "NO", text(total).c_str());
  std::string mul_label = "multiply by " + options.rate + ", round cents (half_even)";
  std::printf("%-40s %9.2f ms %13.1f ms %7.1fx  %s (%zu rows)\n", mul_label.c_str(), mul_seconds * 1e3,
              python_mul * 1e3, mul_ratio, mul_identical ? "yes" : "NO", rows_read);
  if (!sum_identical || !mul_identical) {
    if (!sum_identical) std::printf("sum differs: Python %s\n", json_field(json, "sum").c_str());
    if (mismatches) std::printf("%zu rows differ, first at row %zu\n", mismatches, first_mismatch);
    return 1;
  }
  if (sum_ratio < kRequiredRatio || mul_ratio < kRequiredRatio) {
    std::printf("below the required %.0fx\n", kRequiredRatio);
    return 3;
  }
  return 0;
}
