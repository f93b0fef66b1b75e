// The console's page: the files of web/assets/, built into the binary (web/embed_assets.cmake
// writes assets.cc), so that reskontrad alone serves it.
#ifndef RESKONTRA_WEB_ASSETS_H_
#define RESKONTRA_WEB_ASSETS_H_

#include <cstddef>
#include <string_view>

namespace reskontra::web {

struct Asset {
  const char* path;  // relative to web/assets/, e.g. "app.js"
  const char* content_type;
  const unsigned char* data;
  size_t size;
};

// nullptr for a path that is not one of the files.
const Asset* FindAsset(std::string_view path);

}  // namespace reskontra::web

#endif  // RESKONTRA_WEB_ASSETS_H_
