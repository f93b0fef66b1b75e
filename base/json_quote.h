// A string as a JSON string literal, for the JSON the project writes by hand (the CLI's --json,
// the web console's own answers). <, > and & are escaped too, so that the text is safe inside
// HTML as well.
#ifndef RESKONTRA_BASE_JSON_QUOTE_H_
#define RESKONTRA_BASE_JSON_QUOTE_H_

#include <string>

#include "absl/strings/string_view.h"

namespace reskontra {

inline std::string JsonQuote(absl::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20 || c == '<' || c == '>' || c == '&') {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 0xF];
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
  return out;
}

}  // namespace reskontra

#endif  // RESKONTRA_BASE_JSON_QUOTE_H_
