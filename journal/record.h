// A journal record: an event with its position and its link in the SHA-256 hash chain.
//   hash = SHA-256(prev_hash || canonical bytes of the record with an empty hash field)
// Position 1's prev_hash is 32 zero bytes.
#ifndef RESKONTRA_JOURNAL_RECORD_H_
#define RESKONTRA_JOURNAL_RECORD_H_

#include <array>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/events.h"

namespace reskontra {

using Hash = std::array<uint8_t, 32>;
std::string HashToHex(const Hash& h);
Hash Sha256(absl::string_view a, absl::string_view b = {});

struct JournalRecord {
  uint64_t position = 0;
  Event event;
  Hash prev_hash{};
  Hash hash{};
  friend bool operator==(const JournalRecord&, const JournalRecord&) = default;
};

// Canonical Cap'n Proto bytes of the record; with_hash=false leaves the hash field empty,
// which is the form the hash covers.
std::string EncodeRecord(const JournalRecord& record, bool with_hash = true);
// The hash a record must carry given its content and prev_hash.
Hash ComputeRecordHash(const JournalRecord& record);
// Decodes stored bytes. Anything that is not a canonical, well-formed record is DATA_LOSS;
// this never throws and never crashes on hostile bytes.
absl::StatusOr<JournalRecord> DecodeRecord(absl::string_view bytes);

}  // namespace reskontra

#endif  // RESKONTRA_JOURNAL_RECORD_H_
