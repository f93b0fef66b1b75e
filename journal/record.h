// A journal record: an event with its position and its link in the SHA-256 hash chain.
//   hash = SHA-256(prev_hash || canonical bytes of the record with an empty hash field)
// Position 1's prev_hash is 32 zero bytes.
#ifndef RESKONTRA_JOURNAL_RECORD_H_
#define RESKONTRA_JOURNAL_RECORD_H_

#include <array>
#include <cstdint>
#include <optional>
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
// Sets record.hash from its content and prev_hash and returns its canonical bytes, encoding it
// once: the hash is computed from the bytes with the hash's place cut out, then written into
// them. The same as `record.hash = ComputeRecordHash(record); EncodeRecord(record)`.
std::string EncodeAndHash(JournalRecord& record);

// Decodes stored bytes. Anything that is not a canonical, well-formed record is DATA_LOSS;
// this never throws and never crashes on hostile bytes.
//   kStrict: the bytes must also be exactly the record's canonical encoding (re-encoded and
//            compared), so no stored bit lies outside what the hash is recomputed from.
//   kHashChecked: the bytes were proven by their hash (CheckStoredRecord at open, or written by
//            this process): a fold or a read skips the re-encoding. Bits no field reads do not
//            change what it reads.
enum class DecodeCheck { kStrict, kHashChecked };
absl::StatusOr<JournalRecord> DecodeRecord(absl::string_view bytes, DecodeCheck check = DecodeCheck::kStrict);

// A record's place in the chain, read from its stored bytes.
struct RecordLink {
  uint64_t position = 0;
  Hash prev_hash{};
  Hash hash{};
};
// Proves stored bytes: strictly decoded (this version understands every stored bit: no newer
// version's field, no padding bit), and hashing to the hash they hold. The hash is taken of the
// stored bytes with the hash's 32 bytes cut out, which for canonical bytes is the definition,
// without encoding the record again; a layout the cut does not know is re-encoded. DATA_LOSS
// when the bytes are not such a record or do not hash to their hash.
absl::StatusOr<RecordLink> CheckStoredRecord(absl::string_view bytes);
// The bytes the hash covers, cut from a record's canonical bytes (what EncodeAndHash and
// CheckStoredRecord hash); nullopt for a layout the cut does not know.
std::optional<std::string> BytesCoveredByHash(absl::string_view bytes);

}  // namespace reskontra

#endif  // RESKONTRA_JOURNAL_RECORD_H_
