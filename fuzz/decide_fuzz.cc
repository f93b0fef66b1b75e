// libFuzzer target: random command sequences through Decide. Whatever the bytes ask for, the
// boundaries of DESIGN.md hold after every command:
//   - Decide answers with events or one of its documented codes, never anything else;
//   - every event Decide returns applies (Apply never refuses what Decide decided);
//   - every verifikation balances, and the invoices' balances equal the receivables account
//     (Reconcile, with the sub-ledgers of unallocated payments and customer credit);
//   - each customer's totals (debt, open claims) equal the sum over its claims;
//   - replaying the accepted events into a fresh state gives the same state (determinism).
#include <cstddef>
#include <cstdint>

#include "base/status_macros.h"
#include "domain/decide.h"
#include "domain/limits.h"
#include "domain/postings.h"
#include "tests/test_util.h"

namespace reskontra {
namespace {

class Bytes {
 public:
  Bytes(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  bool empty() const { return pos_ >= size_; }
  uint8_t Next() { return pos_ < size_ ? data_[pos_++] : 0; }
  int64_t Amount() {  // öre, mostly small, sometimes at or past the limits
    const uint8_t kind = Next();
    const int64_t base = (int64_t{Next()} << 16) | (int64_t{Next()} << 8) | Next();
    switch (kind % 8) {
      case 0:
        return 0;
      case 1:
        return -base;
      case 2:
        return limits::kAmountOreMax - base % 3 + 1;
      default:
        return base;
    }
  }
  Date Day() { return Date(2026, 9, 1) + Next() % 120; }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

bool DocumentedCode(absl::StatusCode c) {
  switch (c) {
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kNotFound:
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kAborted:
    case absl::StatusCode::kPermissionDenied:  // four-eyes: the requester approving their own
    case absl::StatusCode::kOutOfRange:
      return true;
    default:
      return false;
  }
}

Command NextCommand(Bytes& in, int i) {
  using namespace reskontra::testing;  // NOLINT
  const std::string id = absl::StrCat("fuzz-", i);
  const InvoiceNumber n = 10'000'001 + in.Next() % 6;
  const std::string customer = absl::StrCat("1000", in.Next() % 3);
  switch (in.Next() % 14) {
    case 0:
      return CompanyCmd(1 + in.Next() % 2);
    case 1:
      return CustomerCmd(customer);
    case 2: {
      Command c = InvoiceCmd(n, customer, in.Amount(), in.Next() % 2 ? 2500 : 0);
      c.meta.command_id = id;
      std::get<IssueInvoice>(c.body).invoice_date = in.Day();
      std::get<IssueInvoice>(c.body).due_date = in.Day();
      return c;
    }
    case 3:
    case 4: {
      Command c = PaymentCmd(id, n, in.Amount(), in.Day());
      if (in.Next() % 4 == 0) {  // to the customer's invoices, oldest first
        auto& p = std::get<RecordPayment>(c.body);
        p.invoice_number = 0;
        p.customer_number = customer;
      }
      return c;
    }
    case 5: {
      CreditInvoice b{.invoice_number = n, .remark = "kredit", .transaction_date = in.Day()};
      if (in.Next() % 2) b.amount = Money::FromOre(in.Amount());
      return Command{Meta(id), b};
    }
    case 6:
      return Command{Meta(id),
                     AnnulInvoice{.invoice_number = n, .remark = "makulerad", .transaction_date = in.Day()}};
    case 7: {
      WriteOff b{.invoice_number = n, .remark = "avskriven", .transaction_date = in.Day()};
      if (in.Next() % 2) b.amount = Money::FromOre(in.Amount());
      return Command{Meta(id), b};
    }
    case 8:
      return Command{Meta(id), AdjustDebit{.invoice_number = n,
                                           .amount = Money::FromOre(in.Amount()),
                                           .remark = "debet",
                                           .transaction_date = in.Day()}};
    case 9:
      return Command{Meta(id), ChargeFee{.invoice_number = n,
                                         .kind = static_cast<ChargeKind>(in.Next() % 4),
                                         .amount = Money::FromOre(in.Amount()),
                                         .charged = in.Next() % 4 != 0,
                                         .text = "avgift",
                                         .transaction_date = in.Day()}};
    case 10:
      return Command{Meta(id), ChargeInterest{.invoice_number = n,
                                              .amount = Money::FromOre(in.Amount()),
                                              .text = "ränta",
                                              .transaction_date = in.Day()}};
    case 11:  // fyra ögon: a policy that holds annulments and write-offs for approval
      return Command{Meta(id), SetApprovalPolicy{ApprovalPolicySet{in.Next() % 2 == 0, in.Next() % 2 == 0,
                                                                   Money::FromOre(in.Amount() % 200'000)}}};
    case 12: {  // a decision by the requester or by a second user
      Command c{Meta(id), DecideApproval{1 + in.Next() % 4, in.Next() % 2 == 0, in.Next() % 2 ? "skäl" : ""}};
      if (in.Next() % 2) c.meta.actor = "granskare";
      return c;
    }
    default:
      return Command{Meta(id), ChangeDueDate{.invoice_number = n, .due_date = in.Day(), .remark = "anstånd"}};
  }
}

}  // namespace
}  // namespace reskontra

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace reskontra;  // NOLINT
  Bytes in(data, size);
  PostingFold fold;
  std::vector<Event> accepted;
  uint64_t position = 0;
  auto live_balance = [](const Invoice& i) { return std::optional<Money>(i.balance()); };
  DecideContext ctx = testing::TestContext();
  for (int i = 0; !in.empty() && i < 64; ++i) {
    const Command command = NextCommand(in, i);
    ctx.now += absl::Seconds(1);
    absl::StatusOr<std::vector<Event>> events = Decide(fold.state(), command, ctx);
    if (!events.ok()) {
      RESKONTRA_CHECK(DocumentedCode(events.status().code()));
      continue;
    }
    for (const Event& e : *events) {
      RESKONTRA_CHECK(fold.Add(++position, e).ok());
      accepted.push_back(e);
    }
    RESKONTRA_CHECK(fold.Unbalanced().empty());
    RESKONTRA_CHECK(Reconcile(fold.state(), BalancesOf(fold, std::nullopt), fold, live_balance, true).ok());
    RESKONTRA_CHECK(fold.state().customer_totals == CustomerTotalsFromClaims(fold.state()));
  }
  LedgerState replayed;
  for (const Event& e : accepted) RESKONTRA_CHECK(Apply(replayed, e).ok());
  RESKONTRA_CHECK(replayed == fold.state());
  return 0;
}
