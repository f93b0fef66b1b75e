// DecideImport: a parsed bank file becomes one command's events.
//
//   PaymentFileImported, then for every payment in file order:
//   PaymentReceived and one outcome:
//     matched by OCR (or invoice number) on an open invoice:
//       PaymentAllocated (fees -> interest -> capital)
//       + SmallDifferenceWrittenOff  underpaid within the limit (the rest is forgiven), or
//                                    overpaid within the limit (the excess kept as income)
//       + OverpaymentRecorded        overpaid beyond the limit (the customer's credit balance)
//     matched on a written-off invoice: WriteOffRecovered (up to what was written off)
//     anything else (no/bad reference, unknown, annulled or paid invoice, several
//     references, a deduction): PaymentUnmatched with its reason, for manual handling.
//   A 0-kronor transaction is recorded and has no outcome.
// Money in = allocated + kept as income + credit balances + recovered + unmatched, to the öre.
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "domain/decide.h"
#include "domain/ocr.h"

namespace reskontra {

namespace {

// The entities an import touches, copied from the state on first use, so that events are
// applied (with the one Apply) as they are decided: two payments on one invoice in the same
// file see each other.
class Scratch {
 public:
  Scratch(const LedgerState& state, CompanyId company) : state_(state), company_(company) {
    scratch_.companies[company] = *state.FindCompany(company);
  }
  const Invoice* Find(absl::string_view reference) {
    const Invoice* inv = state_.FindInvoiceByOcr(company_, reference);
    InvoiceNumber n = 0;
    if (inv == nullptr && reference.size() == 9 && absl::SimpleAtoi(reference, &n)) {
      inv = state_.FindInvoice(company_, n);  // the bare invoice number, as the handbook matches
    }
    if (inv == nullptr) return nullptr;
    CompanyInvoiceKey key{company_, inv->number};
    if (!scratch_.invoices.contains(key)) {
      scratch_.invoices[key] = *inv;
      CompanyCustomerKey ckey{company_, inv->customer_number};
      if (!scratch_.customers.contains(ckey))
        scratch_.customers[ckey] = *state_.FindCustomer(company_, inv->customer_number);
    }
    return &scratch_.invoices[key];
  }
  void Apply(const Event& e) {
    absl::Status s = reskontra::Apply(scratch_, e);
    RESKONTRA_CHECK(s.ok());  // decided from this very state
  }

 private:
  const LedgerState& state_;
  CompanyId company_;
  LedgerState scratch_;
};

}  // namespace

absl::StatusOr<std::vector<Event>> DecideImport(const LedgerState& state, const CommandMeta& meta,
                                                const ImportPaymentFile& c, const DecideContext& ctx) {
  const Company* company = state.FindCompany(meta.company);
  if (company == nullptr || !company->payment_settings.has_value()) {
    return absl::FailedPreconditionError(
        absl::StrCat("company ", meta.company, " has no payment settings (bankgiro number, limits) yet"));
  }
  const PaymentSettingsSet& settings = *company->payment_settings;
  if (c.fingerprint.size() != 64) return absl::InvalidArgumentError("file fingerprint must be 64 hex digits");
  if (c.file.test)
    return absl::FailedPreconditionError("the file is a test file (marker T); it is not imported");
  if (c.file.deposits.empty()) return absl::InvalidArgumentError("the file has no deposit");
  std::vector<ImportedDeposit> deposits;
  Money total;
  int32_t count = 0;
  for (const BgMaxDeposit& d : c.file.deposits) {
    if (d.bankgiro != settings.bankgiro) {
      return absl::FailedPreconditionError(absl::StrCat("the file is for bankgiro ", d.bankgiro, ", company ",
                                                        meta.company, " receives on ", settings.bankgiro));
    }
    deposits.push_back(ImportedDeposit{d.payment_date, d.serial});
    total += d.amount;
    count += static_cast<int32_t>(d.payments.size());
  }
  // Omsändning: the same bytes, or a deposit already read, is refused unless confirmed.
  if (!c.confirm_resend) {
    if (state.imported_files.contains(std::make_pair(meta.company, c.fingerprint))) {
      return absl::FailedPreconditionError(
          "this file was already imported; confirm a re-send (omsändning) to import it again");
    }
    for (const ImportedDeposit& d : deposits) {
      if (state.imported_deposits.contains(
              {meta.company, settings.bankgiro, DateToDays(d.payment_date), d.serial})) {
        return absl::FailedPreconditionError(absl::StrCat(
            "deposit ", d.serial, " of ", FormatDate(d.payment_date), " on bankgiro ", settings.bankgiro,
            " was already imported; confirm a re-send (omsändning) to import it again"));
      }
    }
  }

  std::vector<Event> out;
  Scratch scratch(state, meta.company);
  auto emit = [&](Date date, EventBody body) {
    out.push_back(
        Event{EventMeta{ctx.now, date, meta.company, meta.actor, meta.command_id}, std::move(body)});
    scratch.Apply(out.back());
  };
  emit(c.file.deposits.front().payment_date, PaymentFileImported{c.fingerprint, "BGMAX", settings.bankgiro,
                                                                 deposits, count, total, c.confirm_resend});
  const OcrControl control = static_cast<OcrControl>(settings.ocr_control);
  int index = 0;
  for (const BgMaxDeposit& d : c.file.deposits) {
    for (const BgMaxPayment& p : d.payments) {
      const std::string id = absl::StrCat(meta.command_id, "/", ++index);
      const Money amount = p.deduction ? -p.amount : p.amount;
      const Date date = d.payment_date;
      auto unmatched = [&](absl::string_view reason) {
        emit(date, PaymentReceived{id, PaymentChannel::kBankgiro, amount, p.reference, p.payer_name, 0});
        emit(date, PaymentUnmatched{id, amount, p.reference, p.payer_name, std::string(reason)});
      };
      if (amount.is_zero()) {
        // A 0-kronor transaction (an invoice netted by its credit note): recorded, nothing to allocate.
        emit(date, PaymentReceived{id, PaymentChannel::kBankgiro, amount, p.reference, p.payer_name, 0});
        continue;
      }
      if (p.deduction) {
        unmatched(absl::StrCat("deduction (avdrag), code ", p.deduction_code));
        continue;
      }
      if (p.reference_code == kBgMaxRefMultiple) {
        unmatched("several references: split by hand");
        continue;
      }
      if (p.reference.empty()) {
        unmatched("no reference");
        continue;
      }
      const Invoice* inv = scratch.Find(p.reference);
      if (inv == nullptr) {
        absl::Status ocr = ValidateOcr(p.reference, control);
        unmatched(ocr.ok() ? "no invoice has this reference" : ocr.message());
        continue;
      }
      if (inv->status == InvoiceStatus::kAnnulled) {
        unmatched(absl::StrCat("invoice ", FormatInvoiceNumber(inv->number), " is annulled"));
        continue;
      }
      if (!inv->balance().is_positive() && inv->recoverable().is_positive()) {
        // A payment on a written-off claim: recovered, up to what was written off.
        const InvoiceNumber n = inv->number;
        const Money recovered = Min(amount, inv->recoverable());
        emit(date, PaymentReceived{id, PaymentChannel::kBankgiro, amount, p.reference, p.payer_name, n});
        emit(date, WriteOffRecovered{id, n, recovered});
        if (amount > recovered) {
          emit(date, PaymentUnmatched{
                         id, amount - recovered, p.reference, p.payer_name,
                         absl::StrCat("more than invoice ", FormatInvoiceNumber(n), " had written off")});
        }
        continue;
      }
      if (!inv->balance().is_positive()) {
        unmatched(absl::StrCat("invoice ", FormatInvoiceNumber(inv->number), " is already paid"));
        continue;
      }
      const InvoiceNumber n = inv->number;
      const std::string customer = inv->customer_number;
      const Money balance = inv->balance();
      emit(date, PaymentReceived{id, PaymentChannel::kBankgiro, amount, p.reference, p.payer_name, n});
      Allocation a = Allocate(*scratch.Find(p.reference), amount);
      emit(date, PaymentAllocated{id, n, a.fees, a.interest, a.capital});
      const Money shortfall = balance - a.allocated();
      if (shortfall.is_positive() && shortfall <= settings.underpayment_limit) {
        emit(date, SmallDifferenceWrittenOff{id, n, shortfall, settings.small_difference_account});
      } else if (a.rest.is_positive() && a.rest <= settings.overpayment_limit) {
        emit(date, SmallDifferenceWrittenOff{id, n, -a.rest, settings.small_difference_account});
      } else if (a.rest.is_positive()) {
        emit(date, OverpaymentRecorded{id, customer, n, a.rest});
      }
    }
  }
  return out;
}

}  // namespace reskontra
