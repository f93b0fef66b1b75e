// Helpers shared by the tests: temporary folders, fixed clocks, and small command builders.
#ifndef RESKONTRA_TESTS_TEST_UTIL_H_
#define RESKONTRA_TESTS_TEST_UTIL_H_

#include <cstdlib>
#include <filesystem>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "domain/commands.h"
#include "domain/decide.h"
#include "domain/interest.h"

namespace reskontra::testing {

// A fresh folder under $TMPDIR, removed when the object goes.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "reskontra-test-XXXXXX").string();
    path_ = mkdtemp(tmpl.data());
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }
  std::string sub(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

inline absl::Time TestNow() {
  return absl::FromCivil(absl::CivilSecond(2026, 11, 20, 10, 0, 0), absl::UTCTimeZone());
}
inline DecideContext TestContext() { return DecideContext{TestNow(), Date(2026, 11, 20)}; }

inline CommandMeta Meta(const std::string& id, CompanyId company = 1) {
  return CommandMeta{absl::StrCat("command-", id), "tester", company, std::nullopt};
}

// A valid personnummer from nine digits.
inline std::string Pnr(const std::string& nine) { return absl::StrCat(nine, LuhnCheckDigit(nine)); }

inline Command CompanyCmd(CompanyId c = 1) {
  return Command{Meta(absl::StrCat("company-", c), c), RegisterCompany{"Exempelkommun", ""}};
}
inline Command CustomerCmd(const std::string& number, CompanyId c = 1) {
  CustomerDetails d;
  d.name = absl::StrCat("Kund ", number);
  d.national_id = Pnr("640823238");
  return Command{Meta(absl::StrCat("customer-", number), c), RegisterCustomer{number, d}};
}
inline Command InvoiceCmd(InvoiceNumber n, const std::string& customer, int64_t net_ore,
                          int32_t vat_bp = 2500, CompanyId c = 1) {
  IssueInvoice i;
  i.invoice_number = n;
  i.customer_number = customer;
  i.invoice_date = Date(2026, 10, 1);
  i.due_date = Date(2026, 10, 31);
  i.lines.push_back(IssueInvoiceLine{"Lokalhyra", Money::FromOre(net_ore), vat_bp, 3041});
  return Command{Meta(absl::StrCat("invoice-", n), c), i};
}
inline Command PaymentCmd(const std::string& id, InvoiceNumber n, int64_t ore,
                          Date date = Date(2026, 11, 2)) {
  RecordPayment p;
  p.invoice_number = n;
  p.amount = Money::FromOre(ore);
  p.transaction_date = date;
  return Command{Meta(id), p};
}

// Riksbanken's published reference rates as the commands of the shared register (company 0).
// A bank file (as a parser would hand it to the import rule) with one deposit to bankgiro
// 9912346 holding one payment of `amount` with `reference`, paid on `date`.
inline ImportPaymentFile OnePaymentFile(const std::string& reference, Money amount, Date date,
                                        char fingerprint = 'a', const std::string& format = "BGMAX") {
  ImportPaymentFile import;
  import.fingerprint = std::string(64, fingerprint);
  import.file.format = format;
  IncomingDeposit& deposit = import.file.deposits.emplace_back();
  deposit.bankgiro = "9912346";
  deposit.payment_date = date;
  deposit.serial = 1;
  deposit.amount = amount;
  IncomingPayment& payment = deposit.payments.emplace_back();
  payment.reference = reference;
  payment.amount = amount;
  return import;
}

inline std::vector<Command> ReferenceRateCommands() {
  std::vector<Command> out;
  for (const ReferenceRateSet& r : PublishedReferenceRates())
    out.push_back(Command{Meta(absl::StrCat("rate-", FormatDate(r.effective)), 0),
                          SetReferenceRate{r.effective, r.rate_bp, r.source}});
  return out;
}

}  // namespace reskontra::testing

#endif  // RESKONTRA_TESTS_TEST_UTIL_H_
