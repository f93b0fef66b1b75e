#include "formats/latin1.h"

namespace reskontra {

std::optional<std::string> Utf8ToLatin1(absl::string_view in) {
  bool non_ascii = false;
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size();) {
    unsigned char c = static_cast<unsigned char>(in[i]);
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    non_ascii = true;
    if ((c & 0xE0) == 0xC0 && i + 1 < in.size() && (static_cast<unsigned char>(in[i + 1]) & 0xC0) == 0x80) {
      unsigned cp = ((c & 0x1F) << 6) | (static_cast<unsigned char>(in[i + 1]) & 0x3F);
      if (cp < 0x80 || cp > 0xFF) return std::nullopt;  // overlong, or not Latin-1
      out.push_back(static_cast<char>(cp));
      i += 2;
      continue;
    }
    return std::nullopt;
  }
  if (!non_ascii) return std::nullopt;
  return out;
}

std::string Latin1ToUtf8(absl::string_view in) {
  std::string out;
  for (unsigned char c : in) {
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back(static_cast<char>(0xC0 | (c >> 6)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
  return out;
}

void TruncateUtf8(std::string& text, size_t max_bytes) {
  if (text.size() <= max_bytes) return;
  size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // back to a lead byte
  text.resize(cut);
}

}  // namespace reskontra
