// Differential test, accrue side: generates random operations (fixed seed,
// or ACCRUE_DIFF_SEED), runs them through accrue::num and writes one line per
// operation with the inputs and accrue's answer. check_against_decimal.py
// recomputes every line with Python's decimal module and requires zero
// differences.
//
// Line format (tab-separated): op, inputs..., result. Lists are
// comma-separated. A result is canonical text, "~" + text rounded to 40
// places half_even for a quotient that does not terminate, or "ERR:" + code.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "num/num.h"

namespace accrue::num {
namespace {

class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  std::uint64_t below(std::uint64_t bound) { return next() % bound; }
  int between(int low, int high) { return low + static_cast<int>(below(static_cast<std::uint64_t>(high - low + 1))); }

 private:
  std::uint64_t state_;
};

std::string digits(Random& random, int count, bool leading_nonzero) {
  std::string out;
  for (int i = 0; i < count; ++i) {
    out += static_cast<char>('0' + ((i == 0 && leading_nonzero) ? 1 + random.below(9) : random.below(10)));
  }
  return out;
}

std::string with_point(std::string units, int scale, bool negative) {
  if (scale > 0) {
    if (units.size() <= static_cast<std::size_t>(scale)) units.insert(0, static_cast<std::size_t>(scale) + 1 - units.size(), '0');
    units.insert(units.size() - static_cast<std::size_t>(scale), 1, '.');
  }
  return (negative ? "-" : "") + units;
}

// Decimal text of mixed magnitude and scale, weighted toward the places
// where the fast path ends: |units| near 2^63 at every scale up to 18.
std::string value_text(Random& random) {
  bool negative = random.below(3) == 0;
  switch (random.below(10)) {
    case 0: case 1: case 2:  // amounts with few decimals
      return with_point(digits(random, random.between(1, 9), false), random.between(0, 4), negative);
    case 3: case 4: {  // int64 edge: 2^63 - 1 - k or 2^63 + k, at scale 0..18
      unsigned __int128 units = (static_cast<unsigned __int128>(1) << 63) + random.below(2001) - 1000;
      return with_point(std::to_string(static_cast<std::uint64_t>(units)), random.between(0, 18), negative);
    }
    case 5: {  // powers of ten and their neighbours
      std::string units = "1" + std::string(static_cast<std::size_t>(random.between(0, 38)), '0');
      if (random.below(2)) units = std::string(units.size() - 1, '9');
      if (units.empty()) units = "9";
      return with_point(units, random.between(0, 30), negative);
    }
    case 6: {  // up to 10^18 units with 28 fractional digits, and up to the 40-digit bound
      int integer_digits = random.between(15, 40);
      int fraction_digits = random.between(0, 28);
      return with_point(digits(random, integer_digits + fraction_digits, true), fraction_digits, negative);
    }
    case 7:  // tiny values, up to 50 places (products may exceed the 80-place bound)
      return with_point(digits(random, random.between(1, 12), true), random.between(20, 50), negative);
    case 8:  // small divisors that make quotients repeat
      return std::to_string(random.between(1, 99)) + (random.below(2) ? ".5" : "");
    default:
      return random.below(10) == 0 ? "0" : with_point(digits(random, random.between(1, 19), false), random.between(0, 18), negative);
  }
}

std::string error_text(const Error& error) {
  switch (error.code) {
    case ErrorCode::parse: return "ERR:parse";
    case ErrorCode::division_by_zero: return "ERR:division_by_zero";
    case ErrorCode::overflow: return "ERR:overflow";
    case ErrorCode::precision: return "ERR:precision";
    case ErrorCode::currency_mismatch: return "ERR:currency_mismatch";
    case ErrorCode::invalid_argument: return "ERR:invalid_argument";
  }
  return "ERR:?";
}

std::string result_text(const Result<Decimal>& result) {
  if (!result) return error_text(result.error());
  if (!result->is_terminating()) return "~" + *result->to_string(40, RoundingMode::half_even);
  return result->to_string();
}

Decimal parse(const std::string& text) {
  Result<Decimal> value = Decimal::parse(text);
  if (!value) {
    std::cerr << "generator produced an invalid number: " << value.error().message << "\n";
    std::exit(2);
  }
  return *value;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
}

const char* const kBadNumbers[] = {"1e3", "1,5", "NaN", "inf", "-inf", "0x10", "", " 1", "1 ", "+1", ".5", "5.",
                                   "1.2.3", "5%%", "%", "-", "1_000", "\xd9\xa3", "1E3", "2\v"};

struct Generator {
  Random& random;
  std::ostream& out;

  void binary(const char* op) {
    std::string a = value_text(random);
    std::string b = random.below(50) == 0 ? "0" : value_text(random);
    Decimal x = parse(a);
    Decimal y = parse(b);
    std::string o = op;
    Result<Decimal> r = o == "add" ? add(x, y) : o == "sub" ? sub(x, y) : o == "mul" ? mul(x, y) : div(x, y);
    out << op << '\t' << a << '\t' << b << '\t' << result_text(r) << '\n';
  }

  void compare() {
    std::string a = value_text(random);
    std::string b = value_text(random);
    if (random.below(4) == 0) b = a.find('.') == std::string::npos ? a : a + "0";  // equal values, other text
    auto order = parse(a) <=> parse(b);
    out << "cmp\t" << a << '\t' << b << '\t' << (order < 0 ? -1 : order > 0 ? 1 : 0) << '\n';
  }

  void round_op(const std::string& a, int scale, RoundingMode mode) {
    Result<std::string> r = parse(a).to_string(scale, mode);
    out << "round\t" << a << '\t' << scale << '\t' << to_string(mode) << '\t'
        << (r ? *r : error_text(r.error())) << '\n';
  }

  void round_random() {
    std::string a = value_text(random);
    // Values that sit exactly on a tie at the target scale are the interesting ones.
    if (random.below(3) == 0 && a.find('.') != std::string::npos) a += "5";
    round_op(a, random.between(0, 30), kAllRoundingModes[random.below(7)]);
  }

  void muldiv() {
    std::string a = value_text(random);
    std::string b = random.below(50) == 0 ? "0" : std::to_string(random.between(1, 999)) + (random.below(2) ? ".25" : "");
    std::string c = value_text(random);
    Result<Decimal> q = div(parse(a), parse(b));
    Result<Decimal> r = q ? mul(*q, parse(c)) : q;
    out << "muldiv\t" << a << '\t' << b << '\t' << c << '\t' << result_text(r) << '\n';
  }

  void parse_op() {
    std::string text;
    if (random.below(5) == 0) {
      text = kBadNumbers[random.below(std::size(kBadNumbers))];
    } else {
      text = value_text(random);
      if (random.below(2)) text += '%';
    }
    out << "parse\t" << text << '\t' << result_text(Decimal::parse(text)) << '\n';
  }

  std::vector<std::string> column_texts(std::size_t rows) {
    std::vector<std::string> texts;
    bool edge = random.below(2) == 0;
    for (std::size_t i = 0; i < rows; ++i) {
      if (edge && random.below(2)) {
        std::uint64_t units = (1ULL << 62) + random.below(1ULL << 62);
        texts.push_back(with_point(std::to_string(units), random.between(0, 3), random.below(2) == 0));
      } else {
        texts.push_back(with_point(digits(random, random.between(1, 9), false), random.between(0, 3), random.below(4) == 0));
      }
    }
    return texts;
  }

  DecimalColumn column_of(const std::vector<std::string>& texts) {
    std::vector<Decimal> values;
    for (const std::string& text : texts) values.push_back(parse(text));
    return DecimalColumn::from_decimals(values);
  }

  void column_sum() {
    std::vector<std::string> texts = column_texts(1 + random.below(40));
    out << "sum\t" << join(texts) << '\t' << result_text(sum(column_of(texts))) << '\n';
  }

  void column_multiply_round() {
    std::vector<std::string> texts = column_texts(1 + random.below(20));
    std::string factor = random.below(4) == 0 ? value_text(random)
                                              : std::to_string(random.between(0, 300)) + "." + digits(random, random.between(0, 3), false) + "%";
    if (factor.back() == '.') factor.pop_back();
    if (factor.find(".%") != std::string::npos) factor.erase(factor.find(".%"), 1);
    int scale = random.between(0, 6);
    RoundingMode mode = kAllRoundingModes[random.below(7)];
    Result<DecimalColumn> r = multiply_round(column_of(texts), parse(factor), scale, mode);
    std::string result;
    if (!r) {
      result = error_text(r.error());
    } else {
      std::vector<std::string> rows;
      for (std::size_t i = 0; i < r->size(); ++i) rows.push_back(*r->at(i).to_string(scale, RoundingMode::down));
      result = join(rows);
    }
    out << "mulround\t" << join(texts) << '\t' << factor << '\t' << scale << '\t' << to_string(mode) << '\t' << result
        << '\n';
  }

  void column_sum_by_key() {
    std::vector<std::string> texts = column_texts(1 + random.below(40));
    std::size_t key_count = 1 + random.below(6);
    std::vector<std::uint32_t> keys;
    std::vector<std::string> key_texts;
    for (std::size_t i = 0; i < texts.size(); ++i) {
      keys.push_back(static_cast<std::uint32_t>(random.below(key_count)));
      key_texts.push_back(std::to_string(keys.back()));
    }
    DecimalColumn totals = *sum_by_key(column_of(texts), keys, key_count);
    std::vector<std::string> rows;
    for (std::size_t k = 0; k < totals.size(); ++k) rows.push_back(totals.at(k).to_string());
    out << "sumkey\t" << join(texts) << '\t' << join(key_texts) << '\t' << key_count << '\t' << join(rows) << '\n';
  }

  void allocation() {
    const char* codes[] = {"USD", "JPY", "KWD"};
    Currency currency = *Currency::parse(codes[random.below(3)]);
    std::string total = with_point(digits(random, random.between(1, 12), false), currency.minor_units(), random.below(4) == 0);
    std::vector<AllocationShare> shares;
    std::vector<std::string> keys, weights;
    std::size_t count = 1 + random.below(9);
    for (std::size_t i = 0; i < count; ++i) {
      std::string key = "k" + std::to_string(random.below(1000)) + "_" + std::to_string(i);
      std::string weight = random.below(6) == 0 ? "0" : std::to_string(random.between(1, 5)) + (random.below(3) ? "" : ".25");
      keys.push_back(key);
      weights.push_back(weight);
      shares.push_back({key, parse(weight)});
    }
    Result<std::vector<AllocatedPart>> parts = allocate(Money(parse(total), currency), shares);
    std::string result;
    if (!parts) {
      result = error_text(parts.error());
    } else {
      std::vector<std::string> amounts;
      for (const AllocatedPart& part : *parts) amounts.push_back(part.amount.amount().to_string());
      result = join(amounts);
    }
    out << "alloc\t" << total << '\t' << currency.code() << '\t' << currency.minor_units() << '\t' << join(keys)
        << '\t' << join(weights) << '\t' << result << '\n';
  }
};

}  // namespace
}  // namespace accrue::num

int main(int argc, char** argv) {
  using namespace accrue::num;
  if (argc != 3) {
    std::cerr << "usage: accrue_num_diff COUNT OUTPUT_FILE   (seed: $ACCRUE_DIFF_SEED, default 4)\n";
    return 2;
  }
  long count = std::strtol(argv[1], nullptr, 10);
  const char* seed_text = std::getenv("ACCRUE_DIFF_SEED");
  std::uint64_t seed = seed_text && *seed_text ? std::strtoull(seed_text, nullptr, 10) : 4;
  std::ofstream out(argv[2]);
  out << "# seed " << seed << " count " << count << '\n';
  Random random(seed);
  Generator gen{random, out};
  // The rounding table of issue 4 comes first, in every mode.
  const std::pair<const char*, int> table[] = {{"2.5", 0}, {"3.5", 0},   {"-2.5", 0},
                                               {"0.125", 2}, {"1.005", 2}, {"-1.005", 2}};
  long emitted = 0;
  for (auto [value, scale] : table) {
    for (RoundingMode mode : kAllRoundingModes) {
      gen.round_op(value, scale, mode);
      ++emitted;
    }
  }
  for (; emitted < count; ++emitted) {
    std::uint64_t pick = random.below(100);
    if (pick < 14) gen.binary("add");
    else if (pick < 24) gen.binary("sub");
    else if (pick < 38) gen.binary("mul");
    else if (pick < 58) gen.binary("div");
    else if (pick < 63) gen.compare();
    else if (pick < 76) gen.round_random();
    else if (pick < 81) gen.muldiv();
    else if (pick < 89) gen.parse_op();
    else if (pick < 92) gen.column_sum();
    else if (pick < 95) gen.column_multiply_round();
    else if (pick < 97) gen.column_sum_by_key();
    else gen.allocation();
  }
  return out.good() ? 0 : 1;
}
