#include "engine/data/utf8.h"

#include <doctest/doctest.h>

using namespace accrue::data;

TEST_CASE("utf8: well-formed text passes") {
  CHECK(is_valid_utf8(""));
  CHECK(is_valid_utf8("plain ascii that is longer than eight bytes"));
  CHECK(is_valid_utf8("上海客户 — Zürich 🙂"));
}

TEST_CASE("utf8: the first bad byte is located") {
  CHECK(find_invalid_utf8("abcdefgh\xff") == 8);
  CHECK(find_invalid_utf8("ab\xc3") == 2);               // truncated sequence
  CHECK(find_invalid_utf8("\xc0\xaf") == 0);             // overlong '/'
  CHECK(find_invalid_utf8("\xed\xa0\x80") == 0);         // surrogate
  CHECK(find_invalid_utf8("\xf4\x90\x80\x80") == 0);     // above U+10FFFF
  CHECK(find_invalid_utf8("ok \xc9\xcf\xba\xa3") == 3);  // GBK bytes
}
