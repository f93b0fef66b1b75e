// Subscribe, hardened (issue 9): filters by company, event type, invoice and customer;
// heartbeats that carry the head and how far a filtered scan has come; 50 concurrent live
// subscribers, half of them killed mid-stream and resumed from their stored position, each
// seeing every record exactly once, in order, with an unbroken hash chain.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "journal/record.h"
#include "tests/grpc_fixture.h"

namespace reskontra {
namespace {

using namespace reskontra::testing;  // NOLINT
using S = pb::Ledger::Stub;

class SubscribeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ledger_.SeedInvoice(10'000'001, 100'000, 3001);
    Customer("10002");
    for (int i = 0; i < 6; ++i) Invoice(10'000'010 + i, i % 2 ? "10001" : "10002");
    for (int i = 0; i < 6; ++i) Pay(10'000'010 + i, 100 + i);
  }
  void Customer(const std::string& number) {
    auto r = InProcessLedger::With<pb::RegisterCustomerRequest>(absl::StrCat("customer-", number));
    r.set_customer_number(number);
    r.mutable_details()->set_name(absl::StrCat("Kund ", number));
    r.mutable_details()->set_national_id(Pnr("640823238"));
    ASSERT_TRUE(ledger_.Call(&S::RegisterCustomer, r).ok());
  }
  void Invoice(int64_t n, const std::string& customer) {
    auto r = InProcessLedger::With<pb::IssueInvoiceRequest>(absl::StrCat("invoice-", n));
    r.set_invoice_number(n);
    r.set_customer_number(customer);
    r.set_invoice_date("2026-10-01");
    r.set_due_date("2026-10-31");
    auto* l = r.add_lines();
    l->set_description("Hyra");
    l->set_net_ore(10'000);
    l->set_revenue_account(3001);
    ASSERT_TRUE(ledger_.Call(&S::IssueInvoice, r).ok());
  }
  void Pay(int64_t n, int64_t ore, const std::string& id = "") {
    auto r = InProcessLedger::With<pb::RecordPaymentRequest>(id.empty() ? absl::StrCat("payment-", n) : id);
    r.set_invoice_number(n);
    r.set_amount_ore(ore);
    r.set_transaction_date("2026-11-02");
    ASSERT_TRUE(ledger_.Call(&S::RecordPayment, r).ok());
  }
  std::vector<pb::JournalEvent> History(pb::SubscribeRequest r, grpc::Status* status = nullptr) {
    r.set_history_only(true);
    grpc::ClientContext ctx;
    auto reader = ledger_.stub().Subscribe(&ctx, r);
    std::vector<pb::JournalEvent> out;
    pb::JournalEvent e;
    while (reader->Read(&e)) out.push_back(e);
    grpc::Status s = reader->Finish();
    if (status != nullptr) *status = s;
    EXPECT_TRUE(status != nullptr || s.ok()) << s.error_message();
    return out;
  }
  static std::vector<uint64_t> Positions(const std::vector<pb::JournalEvent>& events) {
    std::vector<uint64_t> p;
    for (const auto& e : events) p.push_back(e.position());
    return p;
  }

  TempDir dir_;
  InProcessLedger ledger_{dir_.path()};
};

TEST_F(SubscribeTest, FiltersSendExactlyTheMatchingEvents) {
  const std::vector<pb::JournalEvent> all = History(pb::SubscribeRequest());
  ASSERT_EQ(all.size(), ledger_.Head());
  auto expect = [&](const std::function<bool(const pb::JournalEvent&)>& pred) {
    std::vector<uint64_t> want;
    for (const auto& e : all) {
      if (pred(e)) want.push_back(e.position());
    }
    return want;
  };
  pb::SubscribeRequest by_type;
  by_type.add_types("InvoiceIssued");
  by_type.add_types("CustomerRegistered");
  auto want =
      expect([](const auto& e) { return e.type() == "InvoiceIssued" || e.type() == "CustomerRegistered"; });
  EXPECT_EQ(want.size(), 9u);  // 7 invoices, 2 customers
  EXPECT_EQ(Positions(History(by_type)), want);

  pb::SubscribeRequest by_invoice;
  by_invoice.set_invoice_number(10'000'012);
  std::vector<pb::JournalEvent> invoice_events = History(by_invoice);
  ASSERT_GE(invoice_events.size(), 2u);  // issued and paid
  for (const auto& e : invoice_events) EXPECT_NE(e.type(), "CustomerRegistered");
  EXPECT_EQ(invoice_events[0].type(), "InvoiceIssued");

  pb::SubscribeRequest by_customer;
  by_customer.set_customer_number("10002");
  std::vector<pb::JournalEvent> customer_events = History(by_customer);
  // Registered, three invoices issued on it; payments are on the invoices' streams.
  size_t issued = 0;
  for (const auto& e : customer_events) issued += e.type() == "InvoiceIssued";
  EXPECT_EQ(issued, 3u);
  EXPECT_EQ(customer_events[0].type(), "CustomerRegistered");

  pb::SubscribeRequest by_company;
  by_company.add_companies(2);
  EXPECT_TRUE(History(by_company).empty());
  by_company.set_companies(0, 1);
  EXPECT_EQ(Positions(History(by_company)), expect([](const auto& e) { return e.company() == 1; }));

  // Every event says how far the scan has come and where the head is.
  for (const auto& e : History(by_type)) {
    EXPECT_EQ(e.scanned_to(), e.position());
    EXPECT_EQ(e.head(), ledger_.Head());
  }
}

TEST_F(SubscribeTest, BadFiltersAreRefused) {
  auto refused = [&](const std::function<void(pb::SubscribeRequest&)>& f) {
    pb::SubscribeRequest r;
    f(r);
    grpc::Status s;
    History(r, &s);
    return s.error_code() == grpc::StatusCode::INVALID_ARGUMENT;
  };
  EXPECT_TRUE(refused([](auto& r) { r.add_types("InvoiceIsued"); }));
  EXPECT_TRUE(refused([](auto& r) { r.add_companies(1000); }));
  EXPECT_TRUE(refused([](auto& r) { r.set_invoice_number(-4); }));
  EXPECT_TRUE(refused([](auto& r) { r.set_heartbeat_ms(10); }));
  EXPECT_TRUE(refused([](auto& r) { r.set_heartbeat_ms(600'000); }));
  EXPECT_FALSE(refused([](auto& r) { r.set_heartbeat_ms(100); }));
}

TEST_F(SubscribeTest, HeartbeatsCarryTheHeadAndTheScanWhileNothingMatches) {
  grpc::ClientContext ctx;
  pb::SubscribeRequest r;
  r.add_types("InvoiceAnnulled");  // nothing matches
  r.set_heartbeat_ms(100);
  auto reader = ledger_.stub().Subscribe(&ctx, r);
  pb::JournalEvent e;
  ASSERT_TRUE(reader->Read(&e));
  EXPECT_EQ(e.type(), "Heartbeat");
  EXPECT_EQ(e.position(), 0u);
  EXPECT_EQ(e.head(), ledger_.Head());
  EXPECT_EQ(e.scanned_to(), ledger_.Head());
  // More is written; the next heartbeats follow the head.
  Pay(10'000'001, 100, "live-payment");
  const uint64_t head = ledger_.Head();
  for (int i = 0; i < 50 && e.scanned_to() < head; ++i) ASSERT_TRUE(reader->Read(&e));
  EXPECT_EQ(e.type(), "Heartbeat");
  EXPECT_EQ(e.scanned_to(), head);
  EXPECT_EQ(e.head(), head);
  ctx.TryCancel();
  reader->Finish();
}

TEST_F(SubscribeTest, FiftyLiveSubscribersHalfOfThemResumedSeeEveryRecordOnce) {
  constexpr int kSubscribers = 50;
  constexpr int kPayments = 60;
  const uint64_t start_head = ledger_.Head();
  const uint64_t final_head = start_head + 2 * kPayments;  // a payment is two records
  std::vector<std::vector<pb::JournalEvent>> seen(kSubscribers);
  std::atomic<int> ready = 0;
  // One subscription from `from`; stops after `stop_after` events or at `final_head`.
  auto subscribe = [&](int who, uint64_t from, size_t stop_after) {
    grpc::ClientContext ctx;
    pb::SubscribeRequest r;
    r.set_from_position(from);
    auto reader = ledger_.stub().Subscribe(&ctx, r);
    pb::JournalEvent e;
    size_t n = 0;
    while (n < stop_after && reader->Read(&e)) {
      seen[who].push_back(e);
      ++n;
      if (e.position() == final_head) break;
    }
    ctx.TryCancel();  // the consumer goes away (killed, or done)
    reader->Finish();
  };
  std::vector<std::thread> subscribers;
  for (int i = 0; i < kSubscribers; ++i) {
    subscribers.emplace_back([&, i] {
      ++ready;
      if (i % 2 == 0) {
        subscribe(i, 1, std::numeric_limits<size_t>::max());
      } else {
        // Killed after a few events mid-stream; resumes from the position it stored.
        subscribe(i, 1, start_head + 5 + i);
        subscribe(i, seen[i].back().position() + 1, std::numeric_limits<size_t>::max());
      }
    });
  }
  while (ready < kSubscribers) std::this_thread::yield();
  for (int i = 0; i < kPayments; ++i) Pay(10'000'001, 10, absl::StrCat("live-", i));
  for (auto& t : subscribers) t.join();
  ASSERT_EQ(ledger_.Head(), final_head);
  for (int i = 0; i < kSubscribers; ++i) {
    ASSERT_EQ(seen[i].size(), final_head) << "subscriber " << i;
    std::string prev(32, '\0');
    for (size_t k = 0; k < seen[i].size(); ++k) {
      const pb::JournalEvent& e = seen[i][k];
      ASSERT_EQ(e.position(), k + 1) << "subscriber " << i;
      ASSERT_EQ(e.prev_hash(), prev) << "subscriber " << i << " at " << e.position();
      absl::StatusOr<JournalRecord> rec = DecodeRecord(e.record());
      ASSERT_TRUE(rec.ok());
      ASSERT_EQ(ComputeRecordHash(*rec), rec->hash);
      ASSERT_EQ(e.hash(), std::string(reinterpret_cast<const char*>(rec->hash.data()), 32));
      prev = e.hash();
    }
  }
}

}  // namespace
}  // namespace reskontra
