// A read replica: follows a primary reskontrad's Subscribe stream and appends its records to
// this server's own journal exactly (positions, hashes, bytes), verifying the chain link by
// link; the projections follow as on the primary, so every query is served here while
// commands are refused (LedgerCore::Options::replica_of). GetHead reports the primary's head
// and the lag. A break in the chain stops following (the error is in GetHead); a lost stream
// is resumed from this journal's head.
#ifndef RESKONTRA_SERVICES_REPLICA_H_
#define RESKONTRA_SERVICES_REPLICA_H_

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <memory>
#include <thread>

#include "core/ledger_core.h"
#include "reskontra/v1/ledger.grpc.pb.h"

namespace reskontra {

class Follower {
 public:
  Follower(LedgerCore* core, std::shared_ptr<grpc::Channel> primary);
  ~Follower() { Stop(); }
  void Start();
  void Stop();

 private:
  void Loop();
  // One Subscribe session; returns why it ended.
  absl::Status Follow();
  void Report(uint64_t primary_head, const std::string& error);

  LedgerCore* core_;
  std::unique_ptr<reskontra::v1::Ledger::Stub> stub_;
  std::atomic<bool> stop_{false};
  absl::Mutex mu_;
  grpc::ClientContext* ctx_ ABSL_GUARDED_BY(mu_) = nullptr;
  std::thread thread_;
};

}  // namespace reskontra

#endif  // RESKONTRA_SERVICES_REPLICA_H_
