// UTF-8 validation of cell bytes. Data files must be UTF-8: an export in
// another encoding (GBK, Latin-1) would otherwise become keys that silently
// fail to match. ASCII, the common case, is checked eight bytes at a time.
#pragma once

#include <cstddef>
#include <string_view>

namespace accrue::data {

// Offset of the first byte that is not part of well-formed UTF-8 (RFC 3629:
// no overlongs, no surrogates, nothing above U+10FFFF), or npos when valid.
std::size_t find_invalid_utf8(std::string_view text);

inline bool is_valid_utf8(std::string_view text) { return find_invalid_utf8(text) == std::string_view::npos; }

}  // namespace accrue::data
