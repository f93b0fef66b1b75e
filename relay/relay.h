// The JetStream relay: every journal record, read from reskontrad's Subscribe stream, published
// to a NATS JetStream stream, exactly once and in order, so that any number of consumers on other
// machines can follow the ledger without holding a stream on the ledger process.
//
//   subject      reskontra.<company>.<event type>   (company 0: the shared reference rates)
//   payload      the JournalEvent protobuf (reskontra.v1), with the canonical record and hashes
//   headers      Nats-Msg-Id = position (JetStream's de-duplication), Reskontra-Position,
//                Reskontra-Hash, Reskontra-Prev-Hash (hex)
//
// The stream's sequence is the journal position: record p is message p. Each publish carries
// Nats-Expected-Last-Sequence = p - 1, so JetStream stores p only right after p - 1. After any
// crash the stream therefore holds exactly positions 1..k, and the relay's published position is
// the stream's own last sequence: there is no second place to keep it that could disagree. On
// resume the relay re-reads record k from the ledger and checks its hash against message k's
// header, so a relay pointed at another ledger (or a restored, shorter one) stops instead of
// mixing two histories.
#ifndef RESKONTRA_RELAY_RELAY_H_
#define RESKONTRA_RELAY_RELAY_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "reskontra/v1/ledger.grpc.pb.h"

namespace reskontra::relay {

namespace pb = ::reskontra::v1;

struct Options {
  std::string nats_url = "nats://127.0.0.1:4222";
  std::string stream = "RESKONTRA";
  std::string subject_prefix = "reskontra";
  int replicas = 1;                                    // JetStream replicas of the stream (1..5)
  int64_t max_pending = 4096;                          // publishes awaiting an ack
  absl::Duration duplicate_window = absl::Minutes(2);  // JetStream's Nats-Msg-Id window
};

// The subject of a record.
std::string SubjectOf(const std::string& prefix, const pb::JournalEvent& e);

// What a message of the stream says about itself.
struct StoredRecord {
  uint64_t sequence = 0;
  std::string subject;
  std::string msg_id, position, hash_hex, prev_hash_hex;
  pb::JournalEvent event;  // parsed payload
};

class Publisher {
 public:
  // Connects and creates the stream if it is missing (an existing one must have its subjects).
  static absl::StatusOr<std::unique_ptr<Publisher>> Connect(const Options& o);
  ~Publisher();
  Publisher(const Publisher&) = delete;
  Publisher& operator=(const Publisher&) = delete;

  // The last position in the stream (0: empty), and that message's record hash (hex).
  absl::StatusOr<std::pair<uint64_t, std::string>> Published();
  // Sends one record without waiting for its ack (at most max_pending in flight). An error of an
  // earlier publish is returned here or by Flush, and then nothing after it was stored.
  absl::Status Publish(const pb::JournalEvent& e);
  // Waits for every ack; the first error, if any.
  absl::Status Flush(absl::Duration timeout = absl::Seconds(30));
  // One message by sequence (for tests and consumers that verify).
  absl::StatusOr<StoredRecord> Get(uint64_t sequence);

 private:
  struct Impl;
  explicit Publisher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

struct RunStats {
  uint64_t resumed_after = 0;  // the stream's last position when the run began
  uint64_t published = 0;      // records published (acked) in this run
  uint64_t last_position = 0;
};

// Follows the ledger from the stream's last position: catch-up, then live, until `stop` is set
// (then it flushes and returns OK) or an error (the caller reconnects and resumes). `on_progress`
// is called about once a second from the run's thread.
absl::StatusOr<RunStats> Run(pb::Ledger::Stub& ledger, Publisher& publisher, const std::atomic<bool>& stop,
                             const std::function<void(const RunStats&)>& on_progress = {});

}  // namespace reskontra::relay

#endif  // RESKONTRA_RELAY_RELAY_H_
