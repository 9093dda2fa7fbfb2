// Settlement benchmark dataset: the bench plan's five CSV tables and a dataset
// manifest (docs/data.md), deterministic for a given size and seed.
//
//   gen_dataset --orders N --out DIR [--seed S]
//
// Sizes follow issue 5: reps = N/1000 (at least 1), customers = N/10 (at
// least 1), surveys = N/5, incidents = N/10000. Orders run 2025-01-01 ..
// 2026-03-31 in date order (as CRM exports are), so the bench quarter 2026-Q1
// holds about a fifth of them and every customer has twelve months of history.
//
// The random numbers come from splitmix64 and integer arithmetic only (no
// std:: distributions, whose output differs between standard libraries), so
// every machine writes byte-identical files. The data is shaped so that every
// rule of the bench plan has work to do: reps differ in how many of their
// customers buy repeatedly (repurchase rates spread over the 60-80% target
// band), in how their customers answer surveys (NPS on both sides of 0 and
// 30), a few reps own only one to three customers and a few customers are
// whales (the 30% concentration cap binds), and half the incidents fall in the
// bench quarter (compliance vetoes happen from 10^5 orders on).
#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace fs = std::filesystem;

namespace {

// splitmix64: tiny, fast and fully specified.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Lemire's multiply-shift: portable and unbiased enough for a benchmark.
  std::uint64_t below(std::uint64_t bound) {
    return static_cast<std::uint64_t>((static_cast<unsigned __int128>(next()) * bound) >> 64);
  }

 private:
  std::uint64_t state_;
};

// Streams a file through a large buffer: one fwrite per 4 MiB, no per-field I/O.
class CsvFile {
 public:
  CsvFile(const fs::path& path, std::string_view header) : path_(path), file_(std::fopen(path.c_str(), "wb")) {
    if (file_ == nullptr) fail("cannot create");
    buffer_.resize(kCapacity);
    text(header);
  }
  CsvFile(const CsvFile&) = delete;
  CsvFile& operator=(const CsvFile&) = delete;
  ~CsvFile() {
    flush();
    if (std::fclose(file_) != 0) fail("cannot write");
  }

  void text(std::string_view value) {
    reserve(value.size());
    std::memcpy(buffer_.data() + used_, value.data(), value.size());
    used_ += value.size();
  }
  void character(char value) {
    reserve(1);
    buffer_[used_++] = value;
  }
  // A prefix and a zero-padded number: ids such as R000042 sort by bytes as by number.
  void id(char prefix, std::uint64_t number, int width) {
    reserve(24);
    buffer_[used_++] = prefix;
    char* end = buffer_.data() + used_ + width;
    for (char* at = end; at != buffer_.data() + used_;) {
      *--at = static_cast<char>('0' + number % 10);
      number /= 10;
    }
    used_ += static_cast<std::size_t>(width);
  }
  void integer(std::uint64_t number) {
    reserve(24);
    char digits[24];
    int count = 0;
    do {
      digits[count++] = static_cast<char>('0' + number % 10);
      number /= 10;
    } while (number != 0);
    while (count > 0) buffer_[used_++] = digits[--count];
  }
  // A non-negative fixed-point number: scaled = 12345, places = 2 -> "123.45".
  void fixed(std::uint64_t scaled, std::uint64_t scale, int places) {
    integer(scaled / scale);
    character('.');
    std::uint64_t fraction = scaled % scale;
    reserve(24);
    for (int at = places - 1; at >= 0; --at) {
      buffer_[used_ + static_cast<std::size_t>(at)] = static_cast<char>('0' + fraction % 10);
      fraction /= 10;
    }
    used_ += static_cast<std::size_t>(places);
  }

 private:
  static constexpr std::size_t kCapacity = std::size_t{4} << 20;

  void reserve(std::size_t bytes) {
    if (used_ + bytes > buffer_.size()) flush();
    if (bytes > buffer_.size()) buffer_.resize(bytes);
  }
  void flush() {
    if (used_ != 0 && std::fwrite(buffer_.data(), 1, used_, file_) != used_) fail("cannot write");
    used_ = 0;
  }
  [[noreturn]] void fail(const char* what) const {
    std::fprintf(stderr, "gen_dataset: %s %s: %s\n", what, path_.c_str(), std::strerror(errno));
    std::exit(1);
  }

  fs::path path_;
  std::FILE* file_;
  std::vector<char> buffer_;
  std::size_t used_ = 0;
};

// Day 0 is 2025-01-01; the data spans 455 days, to 2026-03-31.
constexpr int kDays = 455;
constexpr int kQuarterStart = 365;  // 2026-01-01

std::vector<std::string> date_texts() {
  static constexpr int kMonthDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};  // 2025 and 2026
  std::vector<std::string> texts;
  for (int year = 2025; year <= 2026; ++year) {
    for (int month = 0; month < 12; ++month) {
      for (int day = 1; day <= kMonthDays[month]; ++day) {
        char text[32];
        std::snprintf(text, sizeof text, "%04d-%02d-%02d", year, month + 1, day);
        texts.emplace_back(text);
        if (texts.size() == kDays) return texts;
      }
    }
  }
  return texts;
}

struct Rep {
  std::uint32_t repeat_permille;  // share of the rep's customers who buy regularly
  std::uint32_t mood_permille;    // how warmly the rep's customers answer surveys
  bool small_book;                // owns only one to three customers
};

constexpr int kRepWidth = 6;
constexpr int kCustomerWidth = 8;

struct Sizes {
  std::uint64_t orders, reps, customers, surveys, incidents;
};

std::vector<Rep> write_reps(const fs::path& dir, const Sizes& n, std::uint64_t seed) {
  Random random(seed ^ 0x5265707300000001ull);
  static constexpr std::string_view kStages[3] = {"emerging", "mature", "declining"};
  std::vector<Rep> reps(n.reps);
  CsvFile out(dir / "reps.csv", "id,role,region_stage,target_incentive\n");
  for (std::uint64_t r = 0; r < n.reps; ++r) {
    reps[r].repeat_permille = 100 + static_cast<std::uint32_t>(random.below(601));
    reps[r].mood_permille = 300 + static_cast<std::uint32_t>(random.below(401));
    reps[r].small_book = n.reps >= 10 && r % 25 == 3;
    out.id('R', r + 1, kRepWidth);
    out.text(r % 10 == 9 ? ",regional_manager," : ",rep,");
    out.text(kStages[random.below(3)]);
    out.character(',');
    out.fixed(2000000 + random.below(3000001), 100, 2);  // 20000.00 .. 50000.00
    out.character('\n');
  }
  return reps;
}

// Writes customers and returns each customer's owner (0-based rep) plus the
// lottery the orders draw customers from: customer c appears weight(c) times.
std::vector<std::uint32_t> write_customers(const fs::path& dir, const Sizes& n, const std::vector<Rep>& reps,
                                           std::uint64_t seed, std::vector<std::uint32_t>& owners) {
  Random random(seed ^ 0x4375737400000002ull);
  std::vector<std::uint32_t> small_reps;
  for (std::uint32_t r = 0; r < reps.size(); ++r) {
    if (reps[r].small_book) small_reps.push_back(r);
  }
  owners.resize(n.customers);
  std::vector<std::uint32_t> lottery;
  lottery.reserve(n.customers * 10);
  CsvFile out(dir / "customers.csv", "id,owner\n");
  std::size_t small_index = 0;
  std::uint32_t small_left = small_reps.empty() ? 0 : 1;
  for (std::uint64_t c = 0; c < n.customers; ++c) {
    std::uint32_t owner;
    if (small_index < small_reps.size()) {
      owner = small_reps[small_index];  // the k-th small book gets 1 + k % 3 customers
      if (--small_left == 0 && ++small_index < small_reps.size()) small_left = 1 + small_index % 3;
    } else {
      do {
        owner = static_cast<std::uint32_t>(random.below(n.reps));
      } while (reps[owner].small_book);
    }
    owners[c] = owner;
    // Occasional buyers order about once a year, regulars 10-27 times as often,
    // and about three customers in a thousand are whales.
    std::uint32_t weight = random.below(1000) < reps[owner].repeat_permille
                               ? 10 + static_cast<std::uint32_t>(random.below(18))
                               : 1;
    if (random.below(1000) < 3) weight = 400;
    lottery.insert(lottery.end(), weight, static_cast<std::uint32_t>(c));
    out.id('C', c + 1, kCustomerWidth);
    out.character(',');
    out.id('R', owner + 1, kRepWidth);
    out.character('\n');
  }
  return lottery;
}

void write_orders(const fs::path& dir, const Sizes& n, const std::vector<std::string>& dates,
                  const std::vector<std::uint32_t>& lottery, std::uint64_t seed) {
  Random random(seed ^ 0x4f72647300000003ull);
  CsvFile out(dir / "orders.csv", "on,customer,amount,margin\n");
  for (std::uint64_t i = 0; i < n.orders; ++i) {
    out.text(dates[i * kDays / n.orders]);
    out.character(',');
    out.id('C', lottery[random.below(lottery.size())] + 1ull, kCustomerWidth);
    out.character(',');
    out.fixed(500 + random.below(199501), 100, 2);  // 5.00 .. 2000.00
    out.character(',');
    out.fixed(50 + random.below(401), 10, 1);  // 5.0% .. 45.0%
    out.text("%\n");
  }
}

void write_surveys(const fs::path& dir, const Sizes& n, const std::vector<std::string>& dates,
                   const std::vector<Rep>& reps, const std::vector<std::uint32_t>& owners, std::uint64_t seed) {
  Random random(seed ^ 0x5375727600000004ull);
  CsvFile out(dir / "surveys.csv", "on,customer,score\n");
  for (std::uint64_t i = 0; i < n.surveys; ++i) {
    const std::uint64_t customer = random.below(n.customers);
    // Promoters 0.8 x mood, passives 30%, detractors the rest: NPS = 160 x mood - 70.
    const std::uint64_t promoters = reps[owners[customer]].mood_permille * 8 / 10;
    const std::uint64_t draw = random.below(1000);
    const std::uint64_t score = draw < promoters         ? 9 + random.below(2)
                                : draw < promoters + 300 ? 7 + random.below(2)
                                                         : random.below(7);
    out.text(dates[i * kDays / n.surveys]);
    out.character(',');
    out.id('C', customer + 1, kCustomerWidth);
    out.character(',');
    out.integer(score);
    out.character('\n');
  }
}

void write_incidents(const fs::path& dir, const Sizes& n, const std::vector<std::string>& dates,
                     std::uint64_t seed) {
  Random random(seed ^ 0x496e636900000005ull);
  struct Incident {
    std::uint64_t day, rep, kind;
  };
  std::vector<Incident> incidents(n.incidents);
  for (std::uint64_t i = 0; i < n.incidents; ++i) {
    const std::uint64_t day = i % 2 == 0 ? kQuarterStart + random.below(kDays - kQuarterStart) : random.below(kDays);
    const std::uint64_t kind = random.below(10);
    incidents[i] = {day, random.below(n.reps), kind < 4 ? 0u : kind < 7 ? 1u : 2u};
  }
  std::stable_sort(incidents.begin(), incidents.end(),
                   [](const Incident& a, const Incident& b) { return a.day < b.day; });
  static constexpr std::string_view kKinds[3] = {"compliance", "late_report", "other"};
  CsvFile out(dir / "incidents.csv", "on,rep,kind\n");
  for (const Incident& incident : incidents) {
    out.text(dates[incident.day]);
    out.character(',');
    out.id('R', incident.rep + 1, kRepWidth);
    out.character(',');
    out.text(kKinds[incident.kind]);
    out.character('\n');
  }
}

void write_manifest(const fs::path& dir) {
  CsvFile out(dir / "manifest.yaml",
              "# Settlement benchmark dataset (bench/settle/gen_dataset); tables of bench/settle/bench.plan.\n"
              "tables:\n"
              "  Rep: {csv: reps.csv}\n"
              "  Customer: {csv: customers.csv}\n"
              "  Order: {csv: orders.csv}\n"
              "  Survey: {csv: surveys.csv}\n"
              "  Incident: {csv: incidents.csv}\n");
}

bool parse_count(const char* text, std::uint64_t& value) {
  char* end = nullptr;
  errno = 0;
  value = std::strtoull(text, &end, 10);
  return errno == 0 && end != text && *end == '\0';
}

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t orders = 0;
  std::uint64_t seed = 20260331;
  fs::path out;
  bool ok = true;
  for (int arg = 1; arg < argc; ++arg) {
    const std::string_view name = argv[arg];
    if (arg + 1 >= argc) {
      ok = false;
    } else if (name == "--orders") {
      ok = parse_count(argv[++arg], orders) && orders > 0 && orders <= 4000000000ull;
    } else if (name == "--seed") {
      ok = parse_count(argv[++arg], seed);
    } else if (name == "--out") {
      out = argv[++arg];
    } else {
      ok = false;
    }
    if (!ok) break;
  }
  if (!ok || orders == 0 || out.empty()) {
    std::fprintf(stderr, "usage: gen_dataset --orders N --out DIR [--seed S]\n");
    return 2;
  }
  std::error_code error;
  fs::create_directories(out, error);
  if (error) {
    std::fprintf(stderr, "gen_dataset: cannot create %s: %s\n", out.c_str(), error.message().c_str());
    return 1;
  }
  const Sizes n{orders, std::max<std::uint64_t>(1, orders / 1000), std::max<std::uint64_t>(1, orders / 10),
                orders / 5, orders / 10000};
  const std::vector<std::string> dates = date_texts();
  const std::vector<Rep> reps = write_reps(out, n, seed);
  std::vector<std::uint32_t> owners;
  const std::vector<std::uint32_t> lottery = write_customers(out, n, reps, seed, owners);
  write_orders(out, n, dates, lottery, seed);
  write_surveys(out, n, dates, reps, owners, seed);
  write_incidents(out, n, dates, seed);
  write_manifest(out);
  return 0;
}
