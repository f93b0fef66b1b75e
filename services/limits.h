// Limits of the wire, in one place (domain limits: domain/limits.h).
#ifndef RESKONTRA_SERVICES_LIMITS_H_
#define RESKONTRA_SERVICES_LIMITS_H_

#include "absl/time/time.h"

namespace reskontra::limits {

// A bank file travels in one request: the largest file the readers take (domain/limits.h's
// kPaymentFileBytesMax, 256 MiB: ~450 000 camt.054 entries or 1.6 million BgMax payments)
// and its command context.
inline constexpr int kMaxReceiveMessageBytes = 256 * 1024 * 1024 + 64 * 1024;
// Records read from the journal per Subscribe step; bounds a subscriber's server memory.
inline constexpr int kSubscribeChunkRecords = 256;
// A live subscriber wakes at least this often to notice cancellation.
inline constexpr absl::Duration kSubscribePoll = absl::Milliseconds(500);
// Commands per ExecuteBatch/ExecuteStream request; batches a stream may have waiting for
// their fsync before the server stops reading (flow control).
inline constexpr int kBatchCommandsMax = 10'000;
inline constexpr int kStreamBatchesInFlight = 4;
// Handler threads the gRPC server keeps waiting for calls (see services/main.cc).
inline constexpr int kMinPollers = 4;
inline constexpr int kMaxPollers = 256;
inline constexpr int kListInvoicesMax = 10'000;
inline constexpr int kSearchOffsetMax = 1'000'000;            // SearchInvoices pages: hits skipped at most
inline constexpr size_t kPaymentListRowsMax = 100'000;        // rows per inbetalningslista answer
inline constexpr size_t kSaldolistaRowsMax = 20'000;          // rows per saldolista answer (Export has all)
inline constexpr int64_t kSaldolistaOffsetMax = 100'000'000;  // saldolista pages: rows skipped at most
inline constexpr size_t kExportChunkBytes = 1 << 20;          // bytes per Export stream message

}  // namespace reskontra::limits

#endif  // RESKONTRA_SERVICES_LIMITS_H_
