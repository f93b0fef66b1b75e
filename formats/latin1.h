// The character set of the Nordic fixed-width bank files (BgMax, OCR giro): ISO-8859-1. A
// file that arrives as valid UTF-8 (re-saved by a tool) is read too.
#ifndef RESKONTRA_FORMATS_LATIN1_H_
#define RESKONTRA_FORMATS_LATIN1_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace reskontra {

// UTF-8 -> Latin-1 when the text is valid UTF-8 with non-ASCII bytes; nullopt otherwise.
std::optional<std::string> Utf8ToLatin1(absl::string_view in);
std::string Latin1ToUtf8(absl::string_view in);
// Well-formed UTF-8: no stray continuation byte, overlong form, surrogate or code point above
// U+10FFFF.
bool IsValidUtf8(absl::string_view s);
// Cuts UTF-8 text to at most `max_bytes`, never inside a character.
void TruncateUtf8(std::string& text, size_t max_bytes);

}  // namespace reskontra

#endif  // RESKONTRA_FORMATS_LATIN1_H_
