#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include "diag/diag.h"

using namespace accrue::diag;

TEST_CASE("codes have stable names and round-trip") {
  CHECK(code_name(Code::E0301) == "E0301");
  CHECK(code_from_name("W0101") == Code::W0101);
  CHECK(code_severity(Code::W0101) == Severity::Warning);
  CHECK(!code_from_name("E9999").has_value());
}

TEST_CASE("text rendering underlines the span, aligned under CJK text") {
  SourceMap sources;
  FileId f = sources.add("p.plan", "measure 客户.x = revnue\n");
  Diagnostics ds;
  ds.report(Code::E0301, Span{f, 1, 16, 1, 22}, "unknown name 'revnue'", "did you mean 'revenue'?");
  std::string text = render_text(ds.items()[0], sources, {});
  CHECK(text ==
        "p.plan:1:16: error[E0301]: unknown name 'revnue'\n"
        "1 | measure 客户.x = revnue\n"
        "  |                  ^^^^^^\n"
        "help: did you mean 'revenue'?\n");
}

TEST_CASE("json rendering carries every field") {
  SourceMap sources;
  FileId f = sources.add("p.plan", "x\n");
  Diagnostics ds;
  ds.report(Code::W0101, Span{f, 1, 1, 1, 2}, "unused");
  std::string json = render_json(ds.items(), sources);
  CHECK(json.find("\"code\": \"W0101\"") != std::string::npos);
  CHECK(json.find("\"severity\": \"warning\"") != std::string::npos);
  CHECK(json.find("\"end_column\": 2") != std::string::npos);
}

TEST_CASE("diagnostics sort by location and drop exact repeats") {
  Diagnostics ds;
  ds.report(Code::E0301, Span{0, 3, 1, 3, 2}, "b");
  ds.report(Code::E0301, Span{0, 1, 1, 1, 2}, "a");
  ds.report(Code::E0301, Span{0, 1, 1, 1, 2}, "a");
  ds.sort();
  REQUIRE(ds.items().size() == 2);
  CHECK(ds.items()[0].message == "a");
}

TEST_CASE("closest name suggests typos only") {
  CHECK(closest_name("revnue", {"revenue", "margin"}) == "revenue");
  CHECK(closest_name("zzz", {"revenue", "margin"}).empty());
}

TEST_CASE("utf8 decoding rejects overlongs and surrogates") {
  std::u32string out;
  std::size_t at = 0;
  CHECK(decode_utf8("a\xC3\xA9", out, at));
  CHECK(out.size() == 2);
  CHECK_FALSE(decode_utf8("\xC0\xAF", out, at));
  CHECK_FALSE(decode_utf8("ab\xED\xA0\x80", out, at));
  CHECK(at == 2);
}
