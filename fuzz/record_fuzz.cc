// libFuzzer target: the journal record decoder must answer DATA_LOSS or a record for any
// bytes, never crash; a decoded record must re-encode to the same canonical bytes. The check of
// stored bytes against their own hash (what Verify runs at every start) must never crash either,
// and must accept exactly the bytes that decode strictly and whose hash the definition
// recomputes; the lenient decode of folds must read what the strict one reads.
#include <cstddef>
#include <cstdint>

#include "base/status_macros.h"
#include "journal/record.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::string_view bytes(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<reskontra::RecordLink> link = reskontra::CheckStoredRecord(bytes);
  if (!link.ok()) RESKONTRA_CHECK(link.status().code() == absl::StatusCode::kDataLoss);
  absl::StatusOr<reskontra::JournalRecord> lenient =
      reskontra::DecodeRecord(bytes, reskontra::DecodeCheck::kHashChecked);
  if (!lenient.ok()) RESKONTRA_CHECK(lenient.status().code() == absl::StatusCode::kDataLoss);
  absl::StatusOr<reskontra::JournalRecord> rec = reskontra::DecodeRecord(bytes);
  if (!rec.ok()) {
    RESKONTRA_CHECK(rec.status().code() == absl::StatusCode::kDataLoss);
    return 0;
  }
  RESKONTRA_CHECK(lenient.ok() && *lenient == *rec);
  RESKONTRA_CHECK(reskontra::EncodeRecord(*rec) == bytes);
  RESKONTRA_CHECK(link.ok() == (reskontra::ComputeRecordHash(*rec) == rec->hash));
  return 0;
}
