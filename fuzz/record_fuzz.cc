// libFuzzer target: the journal record decoder must answer DATA_LOSS or a record for any
// bytes, never crash; a decoded record must re-encode to the same canonical bytes.
#include <cstddef>
#include <cstdint>

#include "base/status_macros.h"
#include "journal/record.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::string_view bytes(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<reskontra::JournalRecord> rec = reskontra::DecodeRecord(bytes);
  if (!rec.ok()) {
    RESKONTRA_CHECK(rec.status().code() == absl::StatusCode::kDataLoss);
    return 0;
  }
  RESKONTRA_CHECK(reskontra::EncodeRecord(*rec) == bytes);
  return 0;
}
