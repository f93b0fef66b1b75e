// BgMax import end to end through the gRPC handler: every outcome, the receipt, duplicate
// files, bad files writing nothing, persistence across restart, and the money invariant on
// a generated file: received = allocated + kept as income + overpaid + unmatched, to the öre.
#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "formats/ocr_giro.h"
#include "replay/rebuild.h"
#include "tests/bgmax_generator.h"
#include "tests/camt_generator.h"
#include "tests/grpc_fixture.h"

namespace reskontra {
namespace {

using namespace reskontra::testing;  // NOLINT
using S = pb::Ledger::Stub;

constexpr char kBankgiro[] = "9912346";

class ImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto company = L::With<pb::RegisterCompanyRequest>("company");
    company.set_name("Exempelkommun");
    ASSERT_TRUE(ledger_.Call(&S::RegisterCompany, company).ok());
    auto settings = L::With<pb::SetPaymentSettingsRequest>("settings");
    settings.set_bankgiro(kBankgiro);
    settings.set_overpayment_limit_ore(500);    // 5 kr kept as income
    settings.set_underpayment_limit_ore(1000);  // 10 kr written off
    ASSERT_TRUE(ledger_.Call(&S::SetPaymentSettings, settings).ok());
    auto customer = L::With<pb::RegisterCustomerRequest>("customer");
    customer.set_customer_number("10001");
    customer.mutable_details()->set_name("Anna Lindqvist");
    customer.mutable_details()->set_national_id(Pnr("640823238"));
    ASSERT_TRUE(ledger_.Call(&S::RegisterCustomer, customer).ok());
    for (int i = 1; i <= 12; ++i) Issue(10001000 + i, 100000);  // 1 250,00 kr each with VAT
    auto annul = L::With<pb::AnnulInvoiceRequest>("annul");
    annul.set_invoice_number(10001012);
    ASSERT_TRUE(ledger_.Call(&S::AnnulInvoice, annul).ok());
  }
  using L = InProcessLedger;

  void Issue(InvoiceNumber n, int64_t net) {
    auto r = L::With<pb::IssueInvoiceRequest>(absl::StrCat("invoice-", n));
    r.set_invoice_number(n);
    r.set_customer_number("10001");
    r.set_invoice_date("2026-10-01");
    r.set_due_date("2026-10-31");
    auto* l = r.add_lines();
    l->set_description("Lokalhyra");
    l->set_net_ore(net);
    l->set_vat_rate_bp(2500);
    l->set_revenue_account(3041);
    ASSERT_TRUE(ledger_.Call(&S::IssueInvoice, r).ok());
  }
  static std::string Ocr(InvoiceNumber n) { return DefaultOcrReference(n); }
  static BgMaxPayment Pay(const std::string& ref, int64_t ore, int code = kBgMaxRefOcr) {
    BgMaxPayment p;
    p.sender_bankgiro = "5555555";
    p.reference = ref;
    p.amount = Money::FromOre(ore);
    p.reference_code = code;
    p.channel_code = 1;
    static int serial = 0;  // each payment record its own BGC serial number, as Bankgirot numbers them
    p.bgc_serial = absl::StrFormat("%012d", ++serial);
    p.payer_name = "Anna Lindqvist";
    return p;
  }
  static BgMaxFile File(std::vector<BgMaxPayment> payments, int serial = 1,
                        const char* bankgiro = kBankgiro) {
    BgMaxFile f;
    f.version = 1;
    f.timestamp = "20261119060000000000";
    BgMaxDeposit d;
    d.bankgiro = bankgiro;
    d.currency = "SEK";
    d.bank_account = "991234";
    d.payment_date = Date(2026, 11, 19);
    d.serial = serial;
    for (auto& p : payments) d.amount += p.deduction ? -p.amount : p.amount;
    d.payments = std::move(payments);
    f.deposits.push_back(std::move(d));
    return f;
  }
  // Any format, through ImportPaymentFile.
  grpc::Status ImportFile(const std::string& bytes, const std::string& id, pb::ImportReceipt* receipt,
                          bool confirm = false, pb::PaymentFileFormat format = pb::PAYMENT_FILE_FORMAT_AUTO) {
    auto r = L::With<pb::ImportPaymentFileRequest>(id);
    r.set_file(bytes);
    r.set_format(format);
    r.set_confirm_resend(confirm);
    return ledger_.Call(&S::ImportPaymentFile, r, receipt);
  }
  static CamtTx CamtPay(const std::string& ocr, int64_t ore, const std::string& bank_ref = "") {
    CamtTx t;
    t.ore = ore;
    t.bank_ref = bank_ref;
    t.debtor = "Anna Lindqvist";
    if (!ocr.empty()) t.refs.push_back({ocr});
    return t;
  }
  static CamtFile Camt(std::vector<CamtTx> txs, const std::string& msg_id = "MSG-1",
                       const std::string& date = "2026-11-19") {
    CamtFile f;
    f.version = 8;
    f.msg_id = msg_id;
    f.bankgiro = kBankgiro;
    CamtEntry e;
    e.date = date;
    e.txs = std::move(txs);
    f.entries.push_back(std::move(e));
    return f;
  }
  void Settings(const std::string& bankgiro, std::vector<std::string> accounts, const std::string& id) {
    auto settings = L::With<pb::SetPaymentSettingsRequest>(id);
    settings.set_bankgiro(bankgiro);
    settings.set_overpayment_limit_ore(500);
    settings.set_underpayment_limit_ore(1000);
    for (const std::string& a : accounts) settings.add_bank_accounts(a);
    ASSERT_TRUE(ledger_.Call(&S::SetPaymentSettings, settings).ok());
  }
  grpc::Status Import(const std::string& bytes, const std::string& id, pb::ImportReceipt* receipt,
                      bool confirm = false) {
    auto r = L::With<pb::ImportBgMaxRequest>(id);
    r.set_file(bytes);
    r.set_confirm_resend(confirm);
    return ledger_.Call(&S::ImportBgMax, r, receipt);
  }
  pb::Invoice Get(InvoiceNumber n) {
    grpc::ClientContext ctx;
    pb::GetInvoiceRequest r;
    r.set_company(1);
    r.set_invoice_number(n);
    pb::Invoice inv;
    EXPECT_TRUE(ledger_.stub().GetInvoice(&ctx, r, &inv).ok());
    return inv;
  }
  pb::ListUnmatchedResponse Unmatched() {
    grpc::ClientContext ctx;
    pb::ListUnmatchedRequest r;
    r.set_company(1);
    pb::ListUnmatchedResponse out;
    EXPECT_TRUE(ledger_.stub().ListUnmatched(&ctx, r, &out).ok());
    return out;
  }
  static void ExpectBalanced(const pb::ImportReceipt& r) {
    EXPECT_EQ(r.received().ore(), r.allocated().ore() + r.kept_as_income().ore() + r.overpaid().ore() +
                                      r.carried_overpaid().ore() + r.recovered().ore() + r.unmatched().ore());
  }

  TempDir dir_;
  InProcessLedger ledger_{dir_.path()};
};

TEST_F(ImportTest, EveryOutcome) {
  BgMaxPayment deduction = Pay("KREDIT", 2000, kBgMaxRefText);
  deduction.deduction = true;
  deduction.deduction_code = 1;
  BgMaxPayment several = Pay("", 50000, kBgMaxRefMultiple);
  several.extra_references.push_back({Ocr(10001009), Money::FromOre(50000), kBgMaxRefOcr});
  std::string bad_check = Ocr(10001010);
  bad_check.back() = static_cast<char>('0' + (bad_check.back() - '0' + 1) % 10);
  BgMaxFile file = File({
      Pay(Ocr(10001001), 125000),                // 1 exact
      Pay(Ocr(10001002), 124500),                // 2 5 kr short: written off
      Pay(Ocr(10001003), 100000),                // 3 250 kr short: partial
      Pay(Ocr(10001004), 125300),                // 4 3 kr over: kept as income
      Pay(Ocr(10001005), 130000),                // 5 50 kr over: credit balance
      Pay(DefaultOcrReference(10009999), 1000),  // 6 unknown reference
      Pay(bad_check, 1000, kBgMaxRefBadOcr),     // 7 check digit wrong
      Pay("", 1000, kBgMaxRefBlank),             // 8 blank
      Pay(Ocr(10001012), 125000),                // 9 annulled invoice
      Pay(Ocr(10001006), 125000),                // 10 exact...
      Pay(Ocr(10001006), 125000),                // 11 ...and again: already paid
      deduction,                                 // 12 deduction
      Pay(Ocr(10001007), 0),                     // 13 0 kronor
      several,                                   // 14 an extra reference with its amount: split
      Pay("010001008", 125000, kBgMaxRefText),   // 15 the bare invoice number
      Pay("", 3000, kBgMaxRefMultiple),          // 16 several references, no amounts
  });
  pb::ImportReceipt receipt;
  grpc::Status s = Import(WriteBgMax(file), "import-1", &receipt);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(receipt.payments(), 16);
  EXPECT_EQ(receipt.matched(), 8);  // 1 2 3 4 5 10 14 15
  EXPECT_EQ(receipt.written_off_count(), 1);
  EXPECT_EQ(receipt.written_off().ore(), 500);
  EXPECT_EQ(receipt.kept_as_income().ore(), 300);
  EXPECT_EQ(receipt.overpaid().ore(), 5000);
  EXPECT_EQ(receipt.unmatched_count(), 7);  // 6 7 8 9 11 12 16
  EXPECT_EQ(receipt.zero_amount(), 1);
  EXPECT_EQ(receipt.unmatched().ore(), 1000 + 1000 + 1000 + 125000 + 125000 - 2000 + 3000);
  ExpectBalanced(receipt);

  EXPECT_EQ(Get(10001001).status(), pb::INVOICE_STATUS_PAID);
  EXPECT_EQ(Get(10001001).slutbetald_date(), "2026-11-19");
  EXPECT_EQ(Get(10001002).balance().ore(), 0);  // written off the last 5 kr
  EXPECT_EQ(Get(10001003).balance().ore(), 25000);
  EXPECT_EQ(Get(10001004).balance().ore(), 0);
  EXPECT_EQ(Get(10001005).balance().ore(), 0);
  EXPECT_EQ(Get(10001008).balance().ore(), 0);
  EXPECT_EQ(Get(10001007).balance().ore(), 125000);
  EXPECT_EQ(Get(10001009).balance().ore(), 75000);  // 500 kr of the split payment
  grpc::ClientContext cctx;
  pb::GetCustomerRequest creq;
  creq.set_company(1);
  creq.set_customer_number("10001");
  pb::Customer customer;
  ASSERT_TRUE(ledger_.stub().GetCustomer(&cctx, creq, &customer).ok());
  EXPECT_EQ(customer.credit_balance().ore(), 5000);

  pb::ListUnmatchedResponse queue = Unmatched();
  ASSERT_EQ(queue.payments_size(), 7);
  EXPECT_EQ(queue.total().ore(), receipt.unmatched().ore());
  std::vector<std::string> reasons;
  for (const auto& u : queue.payments()) reasons.push_back(u.reason());
  auto has = [&](absl::string_view part) {
    return std::any_of(reasons.begin(), reasons.end(),
                       [&](const std::string& r) { return absl::StrContains(r, part); });
  };
  EXPECT_TRUE(has("no invoice has reference"));
  EXPECT_TRUE(has("wrong check digit"));
  EXPECT_TRUE(has("no reference"));
  EXPECT_TRUE(has("annulled"));
  EXPECT_TRUE(has("already paid"));
  EXPECT_TRUE(has("deduction"));
  EXPECT_TRUE(has("several references"));

  // The same command id again: the same receipt, nothing new.
  const uint64_t head = ledger_.Head();
  pb::ImportReceipt again;
  ASSERT_TRUE(Import(WriteBgMax(file), "import-1", &again).ok());
  EXPECT_TRUE(again.result().replayed());
  EXPECT_EQ(again.allocated().ore(), receipt.allocated().ore());
  EXPECT_EQ(ledger_.Head(), head);

  // Everything survives a restart, and the projection equals a rebuild.
  ledger_.Restart();
  EXPECT_EQ(Unmatched().payments_size(), 7);
  EXPECT_EQ(Get(10001003).balance().ore(), 25000);
  EXPECT_TRUE(CheckProjectionAgainstRebuild(ledger_.core().journal(), ledger_.core().projection()).ok());
}

TEST_F(ImportTest, PaymentOnAWrittenOffInvoiceIsRecovered) {
  auto w = L::With<pb::WriteOffRequest>("writeoff");
  w.set_invoice_number(10001003);
  w.set_amount_ore(125000);
  ASSERT_TRUE(ledger_.Call(&S::WriteOff, w).ok());
  pb::ImportReceipt receipt;
  ASSERT_TRUE(Import(WriteBgMax(File({Pay(Ocr(10001003), 130000)})), "recovery", &receipt).ok());
  EXPECT_EQ(receipt.recovered().ore(), 125000);
  EXPECT_EQ(receipt.unmatched().ore(), 5000);  // more than was written off: by hand
  ExpectBalanced(receipt);
  EXPECT_EQ(Get(10001003).recovered().ore(), 125000);
  EXPECT_EQ(Get(10001003).status(), pb::INVOICE_STATUS_WRITTEN_OFF);
}

TEST_F(ImportTest, ImportedPaymentsCanBeReversed) {
  pb::ImportReceipt receipt;
  ASSERT_TRUE(Import(WriteBgMax(File({Pay(Ocr(10001002), 124500), Pay("Okänd", 777, kBgMaxRefText)})), "rev",
                     &receipt)
                  .ok());
  ASSERT_EQ(Get(10001002).balance().ore(), 0);  // paid, 5 kr written off
  int attempt = 0;  // each attempt its own command id: a repeated id would be an idempotent replay
  auto reverse = [&](const std::string& id) {
    auto r = L::With<pb::ReversePaymentRequest>(absl::StrCat("reverse-", id, "-", ++attempt));
    r.set_payment_id(absl::StrCat("test-command-rev/", id));
    r.set_remark("Fel konto hos banken");
    return ledger_.Call(&S::ReversePayment, r);
  };
  ASSERT_TRUE(reverse("1").ok());
  EXPECT_EQ(Get(10001002).balance().ore(), 125000);  // the allocation and the write-off are undone
  EXPECT_EQ(Get(10001002).status(), pb::INVOICE_STATUS_OPEN);
  EXPECT_EQ(Get(10001002).slutbetald_date(), "");
  ASSERT_TRUE(reverse("2").ok());
  EXPECT_EQ(Unmatched().payments_size(), 0);
  EXPECT_EQ(reverse("2").error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  ledger_.Restart();
  EXPECT_EQ(reverse("1").error_code(), grpc::StatusCode::FAILED_PRECONDITION);  // remembered
  EXPECT_TRUE(CheckProjectionAgainstRebuild(ledger_.core().journal(), ledger_.core().projection()).ok());
}

TEST_F(ImportTest, AFileImportedTwiceIsRefusedUnlessConfirmed) {
  const BgMaxPayment first = Pay(Ocr(10001001), 60000);
  const std::string bytes = WriteBgMax(File({first}, /*serial=*/7));
  pb::ImportReceipt receipt;
  ASSERT_TRUE(Import(bytes, "first", &receipt).ok());
  const uint64_t head = ledger_.Head();
  grpc::Status s = Import(bytes, "second", &receipt);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(absl::StrContains(s.error_message(), "omsändning")) << s.error_message();
  // Other bytes (a new timestamp), the same deposit: refused too.
  BgMaxFile other = File({Pay(Ocr(10001001), 60000)}, 7);
  other.timestamp = "20261119070000000000";
  s = Import(WriteBgMax(other), "third", &receipt);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(absl::StrContains(s.error_message(), "deposit 7")) << s.error_message();
  EXPECT_EQ(ledger_.Head(), head);
  ledger_.Restart();  // the memory of imported files is durable
  EXPECT_EQ(Import(bytes, "fourth", &receipt).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  // A confirmed re-send books only what was not booked before: here nothing, and the receipt
  // names the payment it skipped (issue 24: a payment is never booked twice).
  ASSERT_TRUE(Import(bytes, "fifth", &receipt, /*confirm=*/true).ok());
  EXPECT_EQ(receipt.payments(), 0);
  ASSERT_EQ(receipt.skipped_size(), 1);
  EXPECT_TRUE(absl::StrContains(receipt.skipped(0), "600,00 kr")) << receipt.skipped(0);
  EXPECT_EQ(receipt.skipped_total().ore(), 60000);
  EXPECT_EQ(Get(10001001).balance().ore(), 65000);
  // The bank's corrected re-send with one more payment: only the new one is booked.
  BgMaxFile corrected = File({first, Pay(Ocr(10001002), 25000)}, 7);  // the same payment record again
  corrected.timestamp = "20261119080000000000";
  ASSERT_TRUE(Import(WriteBgMax(corrected), "sixth", &receipt, /*confirm=*/true).ok());
  EXPECT_EQ(receipt.payments(), 1);
  EXPECT_EQ(receipt.allocated().ore(), 25000);
  EXPECT_EQ(receipt.skipped_size(), 1);
  EXPECT_EQ(Get(10001001).balance().ore(), 65000);
  EXPECT_EQ(Get(10001002).balance().ore(), 100000);
}

TEST_F(ImportTest, BadFilesWriteNothing) {
  const uint64_t head = ledger_.Head();
  pb::ImportReceipt receipt;
  std::string bytes = WriteBgMax(File({Pay(Ocr(10001001), 1000)}));
  std::string truncated = bytes.substr(0, bytes.size() - 81);
  grpc::Status s = Import(truncated, "truncated", &receipt);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(absl::StrContains(s.error_message(), "BgMax line")) << s.error_message();
  EXPECT_EQ(
      Import(WriteBgMax(File({Pay(Ocr(10001001), 1000)}, 1, "9912353")), "other-bg", &receipt).error_code(),
      grpc::StatusCode::FAILED_PRECONDITION);
  BgMaxFile test_file = File({Pay(Ocr(10001001), 1000)});
  test_file.test = true;
  EXPECT_EQ(Import(WriteBgMax(test_file), "test-file", &receipt).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Import("", "empty", &receipt).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ledger_.Head(), head);
  EXPECT_EQ(Get(10001001).balance().ore(), 125000);
}

TEST_F(ImportTest, CompanyWithoutSettingsCannotImport) {
  auto company = L::With<pb::RegisterCompanyRequest>("company-2", 2);
  company.set_name("Annan kommun");
  ASSERT_TRUE(ledger_.Call(&S::RegisterCompany, company).ok());
  auto r = L::With<pb::ImportBgMaxRequest>("import-c2", 2);
  r.set_file(WriteBgMax(File({Pay(Ocr(10001001), 1000)})));
  pb::ImportReceipt receipt;
  grpc::Status s = ledger_.Call(&S::ImportBgMax, r, &receipt);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(absl::StrContains(s.error_message(), "payment settings")) << s.error_message();
}

TEST_F(ImportTest, UnmatchedPaymentsAreResolvedByHand) {
  BgMaxPayment deduction = Pay("AVDRAG", 3000, kBgMaxRefText);
  deduction.deduction = true;
  BgMaxFile file = File({Pay("Hyra okt och nov", 200000, kBgMaxRefText), Pay("Okänd", 45000, kBgMaxRefText),
                         Pay("Fel betalare", 12000, kBgMaxRefText), deduction});
  pb::ImportReceipt receipt;
  ASSERT_TRUE(Import(WriteBgMax(file), "import-r", &receipt).ok());
  ASSERT_EQ(Unmatched().payments_size(), 4);
  auto resolve = [&](int index, auto fill) {
    auto r = L::With<pb::ResolveUnmatchedRequest>(absl::StrCat("resolve-", index, "-", ledger_.Head()));
    r.set_payment_id(absl::StrCat("test-command-import-r/", index));
    fill(r);
    return ledger_.Call(&S::ResolveUnmatched, r);
  };
  using R = pb::ResolveUnmatchedRequest;
  const uint64_t head = ledger_.Head();
  // Refused: allocations that do not add up, above a balance, on an annulled invoice, two ways
  // at once, an unknown payment, a negative payment allocated, a booking without a text.
  EXPECT_EQ(resolve(1,
                    [](R& r) {
                      r.add_allocations()->set_invoice_number(10001001),
                          r.mutable_allocations(0)->set_amount_ore(100000);
                    })
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(resolve(1,
                    [](R& r) {
                      auto* a = r.add_allocations();
                      a->set_invoice_number(10001001);
                      a->set_amount_ore(200000);
                    })
                .error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(resolve(2,
                    [](R& r) {
                      auto* a = r.add_allocations();
                      a->set_invoice_number(10001012);
                      a->set_amount_ore(45000);
                    })
                .error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(
      resolve(2, [](R& r) { r.set_refund(true), r.set_book_account(2990), r.set_text("x"); }).error_code(),
      grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(resolve(9, [](R& r) { r.set_book_account(2990), r.set_text("x"); }).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(resolve(4, [](R& r) { r.set_refund(true), r.set_text("x"); }).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(resolve(2, [](R& r) { r.set_book_account(2990); }).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ledger_.Head(), head);

  // Split 2 000 kr over two invoices.
  ASSERT_TRUE(resolve(1, [](R& r) {
                auto* a = r.add_allocations();
                a->set_invoice_number(10001001);
                a->set_amount_ore(125000);
                auto* b = r.add_allocations();
                b->set_invoice_number(10001002);
                b->set_amount_ore(75000);
              }).ok());
  EXPECT_EQ(Get(10001001).balance().ore(), 0);
  EXPECT_EQ(Get(10001001).slutbetald_date(), "2026-11-19");  // the day the money came
  EXPECT_EQ(Get(10001002).balance().ore(), 50000);
  ASSERT_TRUE(
      resolve(2, [](R& r) { r.set_book_account(2990), r.set_text("Okänd inbetalare, utreds"); }).ok());
  ASSERT_TRUE(resolve(3, [](R& r) { r.set_refund(true), r.set_text("Åter till 5555555"); }).ok());
  ASSERT_TRUE(resolve(4, [](R& r) { r.set_book_account(1930), r.set_text("Bankens avdrag"); }).ok());
  EXPECT_EQ(Unmatched().payments_size(), 0);
  EXPECT_EQ(resolve(2, [](R& r) { r.set_book_account(2990), r.set_text("igen"); }).error_code(),
            grpc::StatusCode::NOT_FOUND);
  ledger_.Restart();
  EXPECT_EQ(Unmatched().payments_size(), 0);
  EXPECT_TRUE(CheckProjectionAgainstRebuild(ledger_.core().journal(), ledger_.core().projection()).ok());
}

TEST_F(ImportTest, MoneyInvariantOnAGeneratedFile) {
  const char* env = std::getenv("IMPORT_SEED");
  const uint64_t seed = env ? std::strtoull(env, nullptr, 10) : 7;
  std::printf("import seed %llu\n", static_cast<unsigned long long>(seed));
  std::vector<OpenInvoice> open;
  for (int i = 1; i <= 11; ++i) open.push_back({10001000 + i, Ocr(10001000 + i), 125000});
  BgMaxFile file = GenerateBgMax(open, 3000, seed, kBankgiro, Date(2026, 11, 19), 1, 1000);
  pb::ImportReceipt receipt;
  grpc::Status s = Import(WriteBgMax(file), "generated", &receipt);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(receipt.payments(), 3000);
  ExpectBalanced(receipt);
  // Independently of the receipt: sum the file and the journal's events.
  Money in_file, out;
  for (const auto& d : file.deposits) in_file += d.amount;
  EXPECT_EQ(receipt.received().ore(), in_file.ore());
  ASSERT_TRUE(ledger_.core()
                  .journal()
                  .Scan(receipt.result().first_position(), receipt.result().last_position(),
                        [&](const JournalRecord& r, absl::string_view) {
                          if (auto* a = std::get_if<PaymentAllocated>(&r.event.body))
                            out += a->fees + a->interest + a->capital;
                          if (auto* o = std::get_if<OverpaymentRecorded>(&r.event.body)) out += o->amount;
                          if (auto* u = std::get_if<PaymentUnmatched>(&r.event.body)) out += u->amount;
                          if (auto* w = std::get_if<WriteOffRecovered>(&r.event.body)) out += w->amount;
                          if (auto* w = std::get_if<SmallDifferenceWrittenOff>(&r.event.body)) {
                            if (w->amount.is_negative()) out -= w->amount;
                          }
                          return true;
                        })
                  .ok());
  EXPECT_EQ(in_file, out);
  // No invoice below zero, and the projection equals a rebuild.
  ledger_.core().projection().Read([](const LedgerState& st, uint64_t) {
    for (const auto& [k, inv] : st.invoices) EXPECT_GE(inv.balance().ore(), 0) << inv.number;
    return 0;
  });
  EXPECT_TRUE(CheckProjectionAgainstRebuild(ledger_.core().journal(), ledger_.core().projection()).ok());
}

// camt.054 has the outcomes of BgMax: the same rule reads what formats/camt.cc made of it.
TEST_F(ImportTest, ACamtNotificationIsImportedLikeBgMax) {
  CamtTx returned = CamtPay(Ocr(10001004), 3000, "RET-1");
  CamtFile f = Camt({CamtPay(Ocr(10001001), 125000, "TX-1"), CamtPay(Ocr(10001002), 124500, "TX-2"),
                     CamtPay(DefaultOcrReference(10009999), 1000, "TX-3")});
  CamtEntry back;  // a returned receipt: a negative payment for the queue
  back.debit = true;
  back.date = "2026-11-19";
  back.sub_family = "RRTN";
  returned.debit = true;
  back.txs = {returned};
  f.entries.push_back(back);
  pb::ImportReceipt receipt;
  grpc::Status s = ImportFile(WriteCamt(f), "camt", &receipt);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(receipt.format(), "CAMT054");
  EXPECT_EQ(receipt.message_id(), "MSG-1");
  EXPECT_EQ(receipt.payments(), 4);
  EXPECT_EQ(receipt.received().ore(), 125000 + 124500 + 1000 - 3000);
  EXPECT_EQ(receipt.matched(), 2);
  EXPECT_EQ(receipt.written_off().ore(), 500);
  EXPECT_EQ(receipt.unmatched_count(), 2);
  EXPECT_EQ(receipt.unmatched().ore(), 1000 - 3000);
  ExpectBalanced(receipt);
  EXPECT_EQ(Get(10001001).balance().ore(), 0);
  EXPECT_EQ(Get(10001002).balance().ore(), 0);
  pb::ListUnmatchedResponse queue = Unmatched();
  ASSERT_EQ(queue.payments_size(), 2);
  EXPECT_TRUE(absl::StrContains(queue.payments(1).reason(), "return of a receipt"))
      << queue.payments(1).reason();
}

TEST_F(ImportTest, ACamtFileForAnotherAccountOrCurrencyIsRefusedWhole) {
  const uint64_t head = ledger_.Head();
  CamtFile f = Camt({CamtPay(Ocr(10001001), 1000)});
  f.iban = "SE4550000000058398257466";
  pb::ImportReceipt receipt;
  grpc::Status s = ImportFile(WriteCamt(f), "iban", &receipt);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(absl::StrContains(s.error_message(), "account SE4550000000058398257466")) << s.error_message();
  CamtFile nok = Camt({CamtPay(Ocr(10001001), 1000)});
  nok.currency = "NOK";
  s = ImportFile(WriteCamt(nok), "nok", &receipt);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(absl::StrContains(s.error_message(), "is in NOK")) << s.error_message();
  EXPECT_EQ(ledger_.Head(), head);
  // The account named in the settings (as the clerk types it): accepted.
  Settings(kBankgiro, {"SE45 5000 0000 0583 9825 7466"}, "settings-iban");
  s = ImportFile(WriteCamt(f), "iban-2", &receipt);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(receipt.allocated().ore(), 1000);
}

// The transition months: a bankgiro's payments came in BgMax and again in camt.054.
TEST_F(ImportTest, APaymentDeliveredInBgMaxAndInCamtIsBookedOnce) {
  pb::ImportReceipt receipt;
  ASSERT_TRUE(
      Import(WriteBgMax(File({Pay(Ocr(10001001), 60000), Pay(Ocr(10001002), 30000)})), "bgmax", &receipt)
          .ok());
  const uint64_t head = ledger_.Head();
  ledger_.Restart();  // the payment keys are durable
  const std::string camt =
      WriteCamt(Camt({CamtPay(Ocr(10001001), 60000, "TX-1"), CamtPay(Ocr(10001002), 30000, "TX-2"),
                      CamtPay(Ocr(10001003), 10000, "TX-3")}));
  grpc::Status s = ImportFile(camt, "camt", &receipt);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(absl::StrContains(s.error_message(), "2 of the file's payments were already imported"))
      << s.error_message();
  EXPECT_EQ(ledger_.Head(), head);
  s = ImportFile(camt, "camt-confirmed", &receipt, /*confirm=*/true);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(receipt.payments(), 1);
  EXPECT_EQ(receipt.allocated().ore(), 10000);
  ASSERT_EQ(receipt.skipped_size(), 2);
  EXPECT_EQ(receipt.skipped_total().ore(), 90000);
  EXPECT_EQ(Get(10001001).balance().ore(), 65000);
  EXPECT_EQ(Get(10001002).balance().ore(), 95000);
  EXPECT_EQ(Get(10001003).balance().ore(), 115000);
  // The same message again (other bytes): refused by its MsgId; a camt.053 of the same
  // account with the bank's same references: every payment recognised.
  CamtFile again = Camt({CamtPay(Ocr(10001003), 10000, "TX-3")});
  s = ImportFile(WriteCamt(again), "camt-again", &receipt);
  EXPECT_TRUE(absl::StrContains(s.error_message(), "message MSG-1 was already imported"))
      << s.error_message();
  CamtFile statement = Camt({CamtPay(Ocr(10001003), 10000, "TX-3")}, "STMT-1");
  statement.message = 53;
  s = ImportFile(WriteCamt(statement), "camt053", &receipt, /*confirm=*/true);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(receipt.format(), "CAMT053");
  EXPECT_EQ(receipt.payments(), 0);
  EXPECT_EQ(receipt.skipped_size(), 1);
  EXPECT_EQ(Get(10001003).balance().ore(), 115000);
  EXPECT_TRUE(CheckProjectionAgainstRebuild(ledger_.core().journal(), ledger_.core().projection()).ok());
}

// Two equal payments of one day are two payments: a later delivery of three books one.
TEST_F(ImportTest, EqualPaymentsOfADayAreCountedNotMerged) {
  pb::ImportReceipt receipt;
  // Each with its own BGC serial number (Pay numbers them): two payments, not a doubled record.
  ASSERT_TRUE(
      Import(WriteBgMax(File({Pay(Ocr(10001001), 20000), Pay(Ocr(10001001), 20000)})), "bgmax", &receipt)
          .ok());
  EXPECT_EQ(receipt.payments(), 2);
  const std::string camt =
      WriteCamt(Camt({CamtPay(Ocr(10001001), 20000, "A"), CamtPay(Ocr(10001001), 20000, "B"),
                      CamtPay(Ocr(10001001), 20000, "C")}));
  grpc::Status s = ImportFile(camt, "camt", &receipt, /*confirm=*/true);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(receipt.payments(), 1);
  EXPECT_EQ(receipt.skipped_size(), 2);
  EXPECT_EQ(Get(10001001).balance().ore(), 125000 - 60000);
}

TEST_F(ImportTest, ANorwegianCompanyImportsOnItsAccountInNok) {
  auto company = L::With<pb::RegisterCompanyRequest>("company-no", 2);
  company.set_name("Eksempel kommune");
  ASSERT_TRUE(ledger_.Call(&S::RegisterCompany, company).ok());
  auto settings = L::With<pb::SetPaymentSettingsRequest>("settings-no", 2);
  settings.add_bank_accounts("NO93 8601 1117 947");
  settings.set_currency("NOK");
  settings.set_reference_kind(pb::REFERENCE_KIND_KID_MOD10);
  grpc::Status s = ledger_.Call(&S::SetPaymentSettings, settings);
  ASSERT_TRUE(s.ok()) << s.error_message();
  CamtFile f = Camt({CamtPay("12345674", 50000)});
  f.iban = "NO9386011117947";
  f.currency = "NOK";
  auto r = L::With<pb::ImportPaymentFileRequest>("import-no", 2);
  r.set_file(WriteCamt(f));
  pb::ImportReceipt receipt;
  s = ledger_.Call(&S::ImportPaymentFile, r, &receipt);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(receipt.unmatched_count(), 1);  // no invoice has that KID: queued, not lost
  // Nets OCR giro on the same account: the KID finds the invoice.
  auto customer = L::With<pb::RegisterCustomerRequest>("customer-no", 2);
  customer.set_customer_number("20001");
  customer.mutable_details()->set_name("Kari Nordmann");
  customer.mutable_details()->set_kind(pb::CUSTOMER_KIND_ORGANISATION);
  customer.mutable_details()->set_national_id("5566778899");
  s = ledger_.Call(&S::RegisterCustomer, customer);
  ASSERT_TRUE(s.ok()) << s.error_message();
  auto issue = L::With<pb::IssueInvoiceRequest>("invoice-no", 2);
  issue.set_invoice_number(10002001);
  issue.set_customer_number("20001");
  issue.set_invoice_date("2026-11-01");
  issue.set_due_date("2026-11-30");
  auto* line = issue.add_lines();
  line->set_description("Renovasjon");
  line->set_net_ore(80000);
  line->set_revenue_account(3000);
  s = ledger_.Call(&S::IssueInvoice, issue);
  ASSERT_TRUE(s.ok()) << s.error_message();
  grpc::ClientContext ctx;
  pb::GetInvoiceRequest get;
  get.set_company(2);
  get.set_invoice_number(10002001);
  pb::Invoice invoice;
  ASSERT_TRUE(ledger_.stub().GetInvoice(&ctx, get, &invoice).ok());
  OcrGiroFile giro;
  giro.transmission_number = "0000001";
  giro.recipient = "00012345";
  giro.nets_date = Date(2026, 12, 1);
  OcrGiroAssignment a;
  a.number = "0000001";
  a.account = "86011117947";
  OcrGiroTransaction t;
  t.number = 1;
  t.nets_date = Date(2026, 12, 1);
  t.amount = Money::FromOre(80000);
  t.kid = invoice.ocr_reference();
  t.form_number = "0000000042";
  a.transactions.push_back(t);
  giro.assignments.push_back(a);
  auto import_giro = L::With<pb::ImportPaymentFileRequest>("import-no-giro", 2);
  import_giro.set_file(WriteOcrGiro(giro));
  s = ledger_.Call(&S::ImportPaymentFile, import_giro, &receipt);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(receipt.format(), "OCRGIRO");
  EXPECT_EQ(receipt.allocated().ore(), 80000);
  // The same payment again in a CREMUL from the bank (another format, its own references),
  // with a new one: refused, then with a confirmed re-send only the new one is booked.
  auto cremul = [&](const std::string& interchange) {
    std::vector<std::string> seg = {"UNH+1+CREMUL:D:96A:UN",
                                    "BGM+435+1+9",
                                    "DTM+137:20261201:102",
                                    "LIN+1",
                                    "DTM+202:20261201:102",
                                    "MOA+60:1300.00",
                                    "FII+BF+86011117947",
                                    "SEQ++1",
                                    "RFF+ACK:C-1",
                                    "MOA+143:800.00",
                                    "PRC+8",
                                    absl::StrCat("DOC+999+", invoice.ocr_reference()),
                                    "SEQ++2",
                                    "RFF+ACK:C-2",
                                    "MOA+143:500.00",
                                    "PRC+8",
                                    "DOC+999+100010015"};
    seg.push_back(absl::StrCat("UNT+", seg.size() + 1, "+1"));
    return absl::StrCat("UNB+UNOC:3+1+2+261201:0600+", interchange, "'", absl::StrJoin(seg, "'"), "'UNZ+1+",
                        interchange, "'");
  };
  auto import_cremul = L::With<pb::ImportPaymentFileRequest>("import-no-cremul", 2);
  import_cremul.set_file(cremul("IC1"));
  s = ledger_.Call(&S::ImportPaymentFile, import_cremul, &receipt);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << s.error_message();
  EXPECT_TRUE(absl::StrContains(s.error_message(), "1 of the file's payments were already imported"))
      << s.error_message();
  import_cremul = L::With<pb::ImportPaymentFileRequest>("import-no-cremul-2", 2);
  import_cremul.set_file(cremul("IC1"));
  import_cremul.set_confirm_resend(true);
  s = ledger_.Call(&S::ImportPaymentFile, import_cremul, &receipt);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(receipt.format(), "CREMUL");
  EXPECT_EQ(receipt.payments(), 1);
  EXPECT_EQ(receipt.skipped_size(), 1);
  EXPECT_EQ(receipt.unmatched().ore(), 50000);
  // The same interchange again: refused by its reference.
  import_cremul = L::With<pb::ImportPaymentFileRequest>("import-no-cremul-3", 2);
  import_cremul.set_file(cremul("IC1") + "\n");
  s = ledger_.Call(&S::ImportPaymentFile, import_cremul, &receipt);
  EXPECT_TRUE(absl::StrContains(s.error_message(), "message IC1 was already imported")) << s.error_message();
  // A BgMax file (SEK) is not for this company.
  auto bg = L::With<pb::ImportPaymentFileRequest>("import-no-bg", 2);
  bg.set_file(WriteBgMax(File({Pay(Ocr(10001001), 1000)})));
  EXPECT_EQ(ledger_.Call(&S::ImportPaymentFile, bg, &receipt).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

// A confirmed re-send of the same bytes keeps the first import's keys, through a restart: the
// camt.053 of the same payments afterwards is still recognised.
TEST_F(ImportTest, KeysSurviveAConfirmedResendAndARestart) {
  const std::string camt =
      WriteCamt(Camt({CamtPay(Ocr(10001001), 60000, "TX-1"), CamtPay(Ocr(10001002), 30000, "TX-2")}));
  pb::ImportReceipt receipt;
  ASSERT_TRUE(ImportFile(camt, "camt", &receipt).ok());
  grpc::Status s = ImportFile(camt, "camt-again", &receipt, /*confirm=*/true);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(receipt.skipped_size(), 2);
  ledger_.Restart();
  CamtFile statement =
      Camt({CamtPay(Ocr(10001001), 60000, "TX-1"), CamtPay(Ocr(10001002), 30000, "TX-2")}, "STMT-9");
  statement.message = 53;
  s = ImportFile(WriteCamt(statement), "camt053", &receipt);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << s.error_message();
  EXPECT_TRUE(absl::StrContains(s.error_message(), "2 of the file's payments were already imported"));
  EXPECT_EQ(Get(10001001).balance().ore(), 65000);
}

// One payment for two invoices: BgMax names one in TK20 and the other in TK22, camt.054 lists
// both with their amounts. Its identity is the same, so it is booked once.
TEST_F(ImportTest, APaymentForSeveralInvoicesIsTheSameInBgMaxAndCamt) {
  BgMaxPayment two = Pay(Ocr(10001001), 150000);
  two.extra_references.push_back({Ocr(10001002), Money::FromOre(50000), kBgMaxRefOcr});
  pb::ImportReceipt receipt;
  ASSERT_TRUE(Import(WriteBgMax(File({two})), "bgmax", &receipt).ok());
  CamtTx tx = CamtPay("", 150000, "TX-7");
  tx.refs = {{Ocr(10001002), 50000}, {Ocr(10001001), 100000}};
  grpc::Status s = ImportFile(WriteCamt(Camt({tx})), "camt", &receipt, /*confirm=*/true);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(receipt.payments(), 0);
  EXPECT_EQ(receipt.skipped_size(), 1);
  EXPECT_EQ(Get(10001001).balance().ore(), 25000);
  EXPECT_EQ(Get(10001002).balance().ore(), 75000);
}

}  // namespace
}  // namespace reskontra
