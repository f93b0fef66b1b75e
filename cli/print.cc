#include "cli/print.h"

#include <cstdarg>
#include <cstdio>
#include <cstring>

namespace reskontra::cli {

namespace {

std::string VFormat(const char* format, va_list args) {
  std::string out;
  for (const char* p = format; *p != '\0';) {
    if (*p != '%') {
      out.push_back(*p++);
      continue;
    }
    // One conversion: %[flags][width][.precision][length]conversion.
    const char* start = p++;
    if (*p == '%') {
      out.push_back('%');
      ++p;
      continue;
    }
    bool left = false;
    while (std::strchr("-+ #0", *p) != nullptr && *p != '\0') left = left || *p++ == '-';
    int width = -1;
    if (*p == '*') {
      width = va_arg(args, int);
      if (width < 0) {
        left = true;
        width = -width;
      }
      ++p;
    } else if (*p >= '0' && *p <= '9') {
      width = 0;
      while (*p >= '0' && *p <= '9') width = width * 10 + (*p++ - '0');
    }
    int precision = -1;
    if (*p == '.') {
      ++p;
      precision = 0;
      if (*p == '*') {
        precision = va_arg(args, int);
        ++p;
      } else {
        while (*p >= '0' && *p <= '9') precision = precision * 10 + (*p++ - '0');
      }
    }
    std::string length;
    while (std::strchr("hlzjtL", *p) != nullptr && *p != '\0') length.push_back(*p++);
    const char conversion = *p == '\0' ? 's' : *p++;
    if (conversion == 's') {
      const char* s = va_arg(args, const char*);
      std::string text = s == nullptr ? "(null)" : s;
      if (precision >= 0 && static_cast<int>(text.size()) > precision) text.resize(precision);
      const int pad = width - DisplayWidth(text.c_str());
      if (pad > 0 && !left) out.append(pad, ' ');
      out += text;
      if (pad > 0 && left) out.append(pad, ' ');
      continue;
    }
    // Any other conversion as printf writes it, width and all (digits are one column each).
    std::string spec(start, p);
    if (spec.find('*') != std::string::npos) {  // the stars were read above: put the numbers in
      spec = std::string(1, '%') + (left ? "-" : "") + (width >= 0 ? std::to_string(width) : "") +
             (precision >= 0 ? "." + std::to_string(precision) : "") + length + conversion;
    }
    char buf[128];
    int n = 0;
    if (conversion == 'f' || conversion == 'e' || conversion == 'g' || conversion == 'F' ||
        conversion == 'E' || conversion == 'G') {
      n = length == "L" ? std::snprintf(buf, sizeof buf, spec.c_str(), va_arg(args, long double))
                        : std::snprintf(buf, sizeof buf, spec.c_str(), va_arg(args, double));
    } else if (conversion == 'p') {
      n = std::snprintf(buf, sizeof buf, spec.c_str(), va_arg(args, void*));
    } else if (length == "ll" || length == "j") {
      n = std::snprintf(buf, sizeof buf, spec.c_str(), va_arg(args, long long));
    } else if (length == "l" || length == "z" || length == "t") {
      n = std::snprintf(buf, sizeof buf, spec.c_str(), va_arg(args, long));
    } else {
      n = std::snprintf(buf, sizeof buf, spec.c_str(), va_arg(args, int));
    }
    if (n > 0) out.append(buf, std::min<size_t>(static_cast<size_t>(n), sizeof buf - 1));
  }
  return out;
}

}  // namespace

int DisplayWidth(const char* utf8) {
  int width = 0;
  for (const unsigned char* p = reinterpret_cast<const unsigned char*>(utf8); *p != 0; ++p) {
    if ((*p & 0xC0) != 0x80) ++width;  // a lead byte or ASCII: one character
  }
  return width;
}

std::string Format(const char* format, ...) {
  va_list args;
  va_start(args, format);
  std::string out = VFormat(format, args);
  va_end(args);
  return out;
}

int Printf(const char* format, ...) {
  va_list args;
  va_start(args, format);
  std::string out = VFormat(format, args);
  va_end(args);
  return static_cast<int>(std::fwrite(out.data(), 1, out.size(), stdout));
}

}  // namespace reskontra::cli
