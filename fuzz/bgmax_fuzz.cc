// libFuzzer target: the BgMax parser must return a status for any bytes, never crash, and
// whatever it accepts must survive a write/parse round trip.
#include <cstddef>
#include <cstdint>

#include "base/status_macros.h"
#include "formats/bgmax.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::string_view bytes(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<reskontra::BgMaxFile> file = reskontra::ParseBgMax(bytes);
  if (!file.ok()) {
    RESKONTRA_CHECK(file.status().code() == absl::StatusCode::kInvalidArgument);
    return 0;
  }
  absl::StatusOr<reskontra::BgMaxFile> again = reskontra::ParseBgMax(reskontra::WriteBgMax(*file));
  RESKONTRA_CHECK(again.ok());
  return 0;
}
