// Load for the multi-process tests (relay, replica): invoices through gRPC, one command each
// until stopped, or in bulk through batches.
#ifndef RESKONTRA_TESTS_LEDGER_LOAD_H_
#define RESKONTRA_TESTS_LEDGER_LOAD_H_

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <string>

#include "absl/strings/str_cat.h"
#include "reskontra/v1/ledger.grpc.pb.h"

namespace reskontra::testing {

// An invoice of 1 000 kr + VAT to the demo ledger's customer 10001 in company 1.
inline void FillInvoice(::reskontra::v1::IssueInvoiceRequest* inv, const std::string& command_id,
                        int64_t number) {
  inv->mutable_ctx()->set_command_id(command_id);
  inv->mutable_ctx()->set_actor("load-test");
  inv->mutable_ctx()->set_company(1);
  inv->set_invoice_number(number);
  inv->set_customer_number("10001");
  inv->set_invoice_date("2026-10-01");
  inv->set_due_date("2026-10-31");
  auto* l = inv->add_lines();
  l->set_description("Hyra");
  l->set_net_ore(100'000 + number % 1000);
  l->set_vat_rate_bp(2500);
  l->set_revenue_account(3001);
}

// One IssueInvoice per call until `stop`; counts the acknowledged ones.
inline void WriteInvoices(const std::string& address, std::atomic<bool>& stop, std::atomic<int>& written,
                          int64_t base) {
  auto stub =
      ::reskontra::v1::Ledger::NewStub(grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  for (int64_t i = 0; !stop.load(); ++i) {
    ::reskontra::v1::IssueInvoiceRequest inv;
    FillInvoice(&inv, absl::StrCat("load-", base, "-", i), base + i);
    grpc::ClientContext ctx;
    ::reskontra::v1::CommandResponse resp;
    if (stub->IssueInvoice(&ctx, inv, &resp).ok()) ++written;
  }
}

// `count` invoices from `base` in batches of 1 000; every one must be written.
inline void BulkInvoices(::reskontra::v1::Ledger::Stub& stub, int64_t base, int count) {
  for (int b = 0; b * 1000 < count; ++b) {
    ::reskontra::v1::ExecuteBatchRequest batch;
    for (int i = b * 1000; i < std::min(count, (b + 1) * 1000); ++i)
      FillInvoice(batch.add_commands()->mutable_issue_invoice(), absl::StrCat("bulk-", base, "-", i),
                  base + i);
    grpc::ClientContext ctx;
    ::reskontra::v1::ExecuteBatchResponse resp;
    ASSERT_TRUE(stub.ExecuteBatch(&ctx, batch, &resp).ok());
    for (const auto& r : resp.results()) ASSERT_EQ(r.code(), 0) << r.message();
  }
}

}  // namespace reskontra::testing

#endif  // RESKONTRA_TESTS_LEDGER_LOAD_H_
