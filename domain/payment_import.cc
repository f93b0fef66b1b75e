// DecideImport: a bank file, as formats/ read it, becomes one command's events.
//
//   PaymentFileImported, then for every payment in file order: PaymentReceived (marked when
//   it came from a collection agency's giro number), then per reference part (a payment with
//   extra references, TK22, is split: each reference takes its own amount and the payment's
//   own reference the rest):
//     matched by OCR/KID (or invoice number) on an open invoice:
//       PaymentAllocated (in the company's order, fees -> interest -> capital by default)
//       + within the limits, underpaid or overpaid:
//           SmallDifferenceWrittenOff (the shortfall forgiven / the excess kept as income), or
//           PaymentDifferenceCarried when the company carries differences to the next invoice
//       + overpaid beyond the limit: OverpaymentRecorded (the customer's credit balance)
//     matched on a written-off invoice: WriteOffRecovered (up to what was written off)
//     the customer is known but not the invoice (a paid or annulled invoice, a customer
//     number or the payer's organisation number as reference) and the company applies such
//     payments oldest first: PaymentAllocated over the customer's open invoices by due date,
//     the rest OverpaymentRecorded
//     anything else (no/bad reference, unknown invoice, several references without amounts,
//     a deduction, negative extra references): PaymentUnmatched with the reasons, one queue
//     entry per payment, for manual handling.
//   A 0-kronor transaction is recorded and has no outcome.
// Money in = allocated + kept as income + credit balances + carried overpayments + recovered
// + unmatched, to the öre.
#include "domain/payment_import.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"
#include "domain/dunning.h"
#include "domain/ids.h"
#include "domain/limits.h"
#include "domain/ocr.h"
#include "domain/payments.h"

namespace reskontra {

namespace {

// The entities an import touches, copied from the state on first use, so that events are
// applied (with the one Apply) as they are decided: two payments on one invoice in the same
// file see each other.
class Scratch {
 public:
  // `whole_customers`: copy all of a touched customer's invoices (an oldest-first spread needs
  // them); otherwise only the invoices a reference names.
  Scratch(const LedgerState& state, CompanyId company, bool whole_customers)
      : state_(state), company_(company), whole_customers_(whole_customers) {
    scratch_.companies[company] = *state.FindCompany(company);
    // The interest a plan charges at a payment is the ledger's own rule, on its rates.
    scratch_.reference_rates = state.reference_rates;
  }
  const Invoice* Find(absl::string_view reference) {
    const Invoice* inv = state_.FindInvoiceByOcr(company_, reference);
    InvoiceNumber n = 0;
    if (inv == nullptr && reference.size() == limits::kInvoiceNumberDigits &&
        absl::SimpleAtoi(reference, &n)) {
      inv = state_.FindInvoice(company_, n);  // the bare invoice number, as the handbook matches
    }
    if (inv == nullptr) return nullptr;
    Touch(inv->customer_number);
    return Load(inv->number);
  }
  // A customer named by the reference (customer number) or by the payer's organisation or
  // personal number, when exactly one customer has it.
  const Customer* FindCustomer(absl::string_view reference, absl::string_view org_number) {
    std::string key;
    if (!reference.empty() && state_.FindCustomer(company_, reference) != nullptr) {
      key = std::string(reference);
    } else if (!org_number.empty()) {
      if (!by_national_id_built_) BuildNationalIdIndex();
      auto it = by_national_id_.find(NormaliseNationalId(org_number));
      if (it != by_national_id_.end() && !it->second.empty()) key = it->second;
    }
    if (key.empty()) return nullptr;
    return Touch(key);
  }
  // The customer copied in (with every invoice when whole_customers).
  const Customer* Touch(const std::string& customer) {
    CompanyCustomerKey ckey{company_, customer};
    if (!scratch_.customers.contains(ckey)) {
      const Customer* cu = state_.FindCustomer(company_, customer);
      scratch_.customers[ckey] = *cu;
      if (whole_customers_)
        for (InvoiceNumber n : cu->invoices) Load(n);
    }
    return &scratch_.customers[ckey];
  }
  const LedgerState& state() const { return scratch_; }
  void Apply(const Event& e) {
    absl::Status s = reskontra::Apply(scratch_, e);
    RESKONTRA_CHECK(s.ok());  // decided from this very state
  }

 private:
  const Invoice* Load(InvoiceNumber n) {
    CompanyInvoiceKey key{company_, n};
    auto it = scratch_.invoices.find(key);
    if (it == scratch_.invoices.end())
      it = scratch_.invoices.emplace(key, *state_.FindInvoice(company_, n)).first;
    return &it->second;
  }
  void BuildNationalIdIndex() {
    by_national_id_built_ = true;
    for (auto it = state_.customers.lower_bound(CompanyCustomerRef{company_, ""});
         it != state_.customers.end() && it->first.company == company_; ++it) {
      const std::string& id = it->second.details.national_id;
      if (id.empty()) continue;
      auto [pos, fresh] = by_national_id_.emplace(id, it->second.number);
      if (!fresh) pos->second.clear();  // not unique: never guess between customers
    }
  }

  const LedgerState& state_;
  CompanyId company_;
  bool whole_customers_;
  LedgerState scratch_;
  bool by_national_id_built_ = false;
  absl::flat_hash_map<std::string, std::string> by_national_id_;
};

struct Part {
  std::string reference;
  Money amount;
};

// The company's receiving account as its payment keys and files name it: the bankgiro, or
// (a company without one, in Norway) its first bank account.
std::string ReceivingAccount(const PaymentSettingsSet& s) {
  if (!s.bankgiro.empty() || s.bank_accounts.empty()) return s.bankgiro;
  return s.bank_accounts.front();
}

// A deposit is the company's when it names the bankgiro, or one of the bank accounts on which
// the bank reports the company's receipts.
absl::Status CheckAccount(CompanyId company, const PaymentSettingsSet& s, const IncomingDeposit& d) {
  if (!d.bankgiro.empty() && d.bankgiro == s.bankgiro) return absl::OkStatus();
  for (const std::string& a : s.bank_accounts) {
    if (!d.account.empty() && SameBankAccount(a, d.account)) return absl::OkStatus();
  }
  std::string theirs = !d.bankgiro.empty()
                           ? absl::StrCat("bankgiro ", d.bankgiro)
                           : absl::StrCat("account ", d.account.empty() ? "(none)" : d.account);
  std::string ours = s.bankgiro.empty() ? "" : absl::StrCat("bankgiro ", s.bankgiro);
  for (const std::string& a : s.bank_accounts)
    absl::StrAppend(&ours, ours.empty() ? "" : ", ", "account ", a);
  return absl::FailedPreconditionError(
      absl::StrCat("the file is for ", theirs, ", company ", company, " receives on ", ours));
}

// The formats whose bank references are one scheme: camt.053 and camt.054 name a payment by the
// same AcctSvcrRef; BgMax gives none; OCR giro and CREMUL each their own.
constexpr absl::string_view kFamilies[] = {"BGMAX", "CAMT", "OCRGIRO", "CREMUL"};
std::string FamilyOf(absl::string_view format) {
  return absl::StartsWith(format, "CAMT") ? "CAMT" : std::string(format);
}

// Which payments of the file were delivered before (payment keys in payment_import.h), and the
// keys this import leaves: of the payments it books, and of those it skips.
struct Delivered {
  std::vector<bool> is_skipped;  // per payment in file order
  std::vector<std::string> skipped;
  Money skipped_total;
  std::vector<std::string> keys;
};

// A payment's identity apart from the bank's reference: its date, signed amount and every
// reference it names, sorted (BgMax puts one in TK20 and the rest in TK22; camt lists them all).
std::string What(const IncomingDeposit& d, const IncomingPayment& p) {
  std::vector<std::string> refs;
  if (!p.reference.empty()) refs.push_back(p.reference);
  for (const IncomingReference& x : p.extra_references) refs.push_back(x.reference);
  std::sort(refs.begin(), refs.end());
  refs.erase(std::unique(refs.begin(), refs.end()), refs.end());
  const Money amount = p.deduction ? -p.amount : p.amount;
  return absl::StrCat(FormatDate(d.payment_date), "|", amount.ore(), "|", absl::StrJoin(refs, ","));
}

absl::StatusOr<Delivered> FindDelivered(const LedgerState& state, CompanyId company,
                                        const ImportPaymentFile& c) {
  Delivered out;
  absl::flat_hash_map<std::string, int32_t> used;  // keys matched earlier in this file
  auto count = [&](const std::string& key) {
    auto it = state.imported_payments.find(std::make_pair(company, key));
    return it == state.imported_payments.end() ? 0 : it->second;
  };
  const std::string family = FamilyOf(c.file.format);
  for (const IncomingDeposit& d : c.file.deposits) {
    for (const IncomingPayment& p : d.payments) {
      const std::string what = What(d, p);
      const bool has_reference = !p.bank_reference.empty();
      const std::string r_key = has_reference ? absl::StrCat("R|", family, "|", p.bank_reference) : "";
      // Its own family knows it by its reference; another family (or, without a reference,
      // any) by its identity, each earlier payment matched once per family that met it.
      bool seen = has_reference && count(r_key) > 0;
      std::string consumed;
      for (absl::string_view other : kFamilies) {
        if (seen) break;
        const bool own = other == family;
        if (own && has_reference) continue;
        const std::string p_key = absl::StrCat("P|", other, "|", what);
        const std::string u_key = own ? "" : absl::StrCat("U|", other, "|", family, "|", what);
        const int32_t left = count(p_key) - (own ? 0 : count(u_key)) - used[p_key];
        if (left > 0) {
          ++used[p_key];
          seen = true;
          consumed = u_key;
        }
      }
      out.is_skipped.push_back(seen);
      const bool known_to_family = seen && consumed.empty();  // by its reference or own identity
      if (has_reference && !known_to_family) out.keys.push_back(r_key);
      if (seen) {
        out.skipped.push_back(absl::StrCat(FormatDate(d.payment_date), " ",
                                           (p.deduction ? -p.amount : p.amount).ToKronor(), " kr",
                                           p.reference.empty() ? "" : absl::StrCat(" ref ", p.reference),
                                           has_reference ? absl::StrCat(" (", p.bank_reference, ")") : ""));
        out.skipped_total += p.deduction ? -p.amount : p.amount;
        if (!known_to_family) {
          // Met through another format: that payment is now matched for this family, and this
          // family knows it from now on (by its reference, or else its identity).
          out.keys.push_back(consumed);
          if (!has_reference) out.keys.push_back(absl::StrCat("P|", family, "|", what));
        }
      } else {
        out.keys.push_back(absl::StrCat("P|", family, "|", what));
      }
    }
  }
  return out;
}

// The file as formats/ read it: a fingerprint, a named format, not a test file, a deposit.
absl::Status CheckFileShape(const ImportPaymentFile& c) {
  if (c.fingerprint.size() != 64) return absl::InvalidArgumentError("file fingerprint must be 64 hex digits");
  if (c.file.format.empty()) return absl::InvalidArgumentError("the file's format is not named");
  if (c.file.test)
    return absl::FailedPreconditionError("the file is a test file (marker T); it is not imported");
  if (c.file.deposits.empty()) return absl::InvalidArgumentError("the file has no deposit");
  return absl::OkStatus();
}

// The file's deposits as PaymentFileImported lists them, its total and its number of payments.
struct FileDeposits {
  std::vector<ImportedDeposit> deposits;
  Money total;
  int32_t count = 0;
};

// Every deposit is on the company's account and in its currency, or the whole file is refused.
absl::StatusOr<FileDeposits> ReadDeposits(CompanyId company, const PaymentSettingsSet& settings,
                                          const ImportPaymentFile& c) {
  FileDeposits out;
  const std::string currency = settings.currency.empty() ? "SEK" : settings.currency;
  for (const IncomingDeposit& d : c.file.deposits) {
    RETURN_IF_ERROR(CheckAccount(company, settings, d));
    if (!d.currency.empty() && d.currency != currency) {
      return absl::FailedPreconditionError(absl::StrCat(
          "the entry of ", FormatDate(d.payment_date), " of ", d.amount.ToKronor(), " is in ", d.currency,
          "; company ", company, " keeps its claims in ", currency, ": the whole file is refused"));
    }
    out.deposits.push_back(ImportedDeposit{d.payment_date, d.serial});
    out.total += d.amount;
    out.count += static_cast<int32_t>(d.payments.size());
  }
  return out;
}

// Omsändning: the same bytes, the same camt message (`message_key`), or a deposit already read,
// is refused unless confirmed.
absl::Status CheckNotImportedBefore(const LedgerState& state, CompanyId company,
                                    const PaymentSettingsSet& settings, const ImportPaymentFile& c,
                                    const std::string& message_key,
                                    const std::vector<ImportedDeposit>& deposits) {
  if (c.confirm_resend) return absl::OkStatus();
  if (state.imported_files.contains(std::make_pair(company, c.fingerprint))) {
    return absl::FailedPreconditionError(
        "this file was already imported; confirm a re-send (omsändning) to import it again");
  }
  if (!message_key.empty() && state.imported_payments.contains(std::make_pair(company, message_key))) {
    return absl::FailedPreconditionError(
        absl::StrCat("message ", c.file.message_id,
                     " was already imported; confirm a re-send (omsändning) to import it again"));
  }
  for (const ImportedDeposit& d : deposits) {
    if (d.serial != 0 && state.imported_deposits.contains(
                             {company, settings.bankgiro, DateToDays(d.payment_date), d.serial})) {
      return absl::FailedPreconditionError(absl::StrCat(
          "deposit ", d.serial, " of ", FormatDate(d.payment_date), " on bankgiro ", settings.bankgiro,
          " was already imported; confirm a re-send (omsändning) to import it again"));
    }
  }
  return absl::OkStatus();
}

// The import's first event: what the file held, and the payment keys it leaves (taken from
// `delivered`, with the message's).
PaymentFileImported FileImportedEvent(const ImportPaymentFile& c, const PaymentSettingsSet& settings,
                                      FileDeposits deposits, Delivered& delivered,
                                      const std::string& message_key) {
  PaymentFileImported imported;
  imported.fingerprint = c.fingerprint;
  imported.format = c.file.format;
  imported.bankgiro = ReceivingAccount(settings);
  imported.deposits = std::move(deposits.deposits);
  imported.payment_count = deposits.count;
  imported.total = deposits.total;
  imported.resend = c.confirm_resend;
  imported.payment_keys = std::move(delivered.keys);
  if (!message_key.empty()) imported.payment_keys.push_back(message_key);
  imported.skipped = std::move(delivered.skipped);
  imported.skipped_total = delivered.skipped_total;
  imported.message_id = c.file.message_id;
  imported.other_entries = c.file.other_entries;
  return imported;
}

// A payment's parts: the payment's own reference, and its extra references with their amounts.
struct PaymentParts {
  std::vector<Part> parts;
  std::string whole_reason;  // why the whole payment is queued for manual handling; "" none
};

// A payment with extra references (TK22) is split: each reference takes its own amount and the
// payment's own reference the rest. A deduction, a negative extra reference, extra references
// adding up to more than the payment, or several references without amounts are not split.
PaymentParts SplitPayment(const IncomingPayment& p, Money amount) {
  PaymentParts out;
  std::vector<Part>& parts = out.parts;
  std::string& whole_reason = out.whole_reason;
  if (p.deduction) {
    whole_reason = !p.deduction_text.empty() ? p.deduction_text
                                             : absl::StrCat("deduction (avdrag), code ", p.deduction_code);
  } else if (!p.extra_references.empty()) {
    Money rest = amount;
    for (const IncomingReference& x : p.extra_references) {
      if (!x.amount.is_positive()) {
        whole_reason = "a negative extra reference (credit note): split by hand";
        break;
      }
      rest -= x.amount;
    }
    if (whole_reason.empty() && rest.is_negative()) {
      whole_reason = "the extra references add up to more than the payment: split by hand";
    }
    if (whole_reason.empty()) {
      if (rest.is_positive()) parts.push_back(Part{p.reference, rest});
      for (const IncomingReference& x : p.extra_references) parts.push_back(Part{x.reference, x.amount});
    }
  } else if (p.several_references) {
    whole_reason = "several references without amounts: split by hand";
  } else {
    parts.push_back(Part{p.reference, amount});
  }
  return out;
}

// What of one payment goes to the unmatched queue, and the reasons.
struct UnmatchedQueue {
  Money queued;
  std::vector<std::string> reasons;
  void operator()(Money m, std::string reason) {
    queued += m;
    reasons.push_back(std::move(reason));
  }
};

// Books a file's payments into events, each applied to the scratch state as it is decided.
class PaymentBooker {
 public:
  PaymentBooker(const LedgerState& state, const CommandMeta& meta, const DecideContext& ctx,
                const PaymentSettingsSet& settings)
      : meta_(meta),
        ctx_(ctx),
        settings_(settings),
        scratch_(state, meta.company, settings.oldest_first),
        control_(static_cast<OcrControl>(settings.ocr_control)),
        kind_(static_cast<ReferenceKind>(settings.reference_kind)),
        order_(settings.allocation_order) {}

  // An event of the import: kept, and applied to the scratch state.
  void Emit(Date date, EventBody body) {
    out_.push_back(MakeEvent(meta_, ctx_, date, std::move(body)));
    scratch_.Apply(out_.back());
  }

  // One payment (`id` its payment id): PaymentReceived, then where each of its parts goes, and
  // PaymentUnmatched for what no part could place.
  void BookPayment(const IncomingDeposit& d, const IncomingPayment& p, const std::string& id) {
    const Money amount = p.deduction ? -p.amount : p.amount;
    const Date date = d.payment_date;
    const bool agency = std::find(settings_.agency_bankgiros.begin(), settings_.agency_bankgiros.end(),
                                  p.sender_account) != settings_.agency_bankgiros.end();
    // The parts: the payment's own reference, and its extra references with their amounts.
    const PaymentParts split = SplitPayment(p, amount);
    // The invoice the payment names, when it names exactly one.
    InvoiceNumber intended = 0;
    if (split.parts.size() == 1 && amount.is_positive()) {
      if (const Invoice* inv = scratch_.Find(split.parts[0].reference)) intended = inv->number;
    }
    Emit(date, PaymentReceived{id, PaymentChannel::kBankgiro, amount, p.reference, p.payer_name, intended, "",
                               agency, p.bank_reference, p.message});
    if (amount.is_zero()) return;  // a 0-kronor transaction: an invoice netted by its credit note
    UnmatchedQueue queue;
    if (!split.whole_reason.empty()) queue(amount, split.whole_reason);
    for (const Part& part : split.parts) BookPart(p, part, id, date, queue);
    if (!queue.queued.is_zero()) {
      Emit(date,
           PaymentUnmatched{id, queue.queued, p.reference, p.payer_name, absl::StrJoin(queue.reasons, "; ")});
    }
  }

  std::vector<Event> TakeEvents() { return std::move(out_); }

 private:
  // Oldest first over the customer's open invoices; the rest is the customer's credit.
  void SpreadOverCustomer(const std::string& customer, Money m, InvoiceNumber named, const std::string& id,
                          Date date) {
    Money rest;
    for (EventBody& a : SpreadOldestFirst(scratch_.state(), meta_.company, customer, id, m, date, &rest)) {
      Emit(date, std::move(a));
    }
    if (rest.is_positive()) Emit(date, OverpaymentRecorded{id, customer, named, rest});
  }

  // One part of a payment: on its invoice, recovered on a written-off one, spread over the
  // customer's invoices, or queued with the reason.
  void BookPart(const IncomingPayment& p, const Part& part, const std::string& id, Date date,
                UnmatchedQueue& queue) {
    const std::string& ref = part.reference;
    const Invoice* inv = ref.empty() ? nullptr : scratch_.Find(ref);
    if (inv == nullptr) {
      const Customer* cu = settings_.oldest_first ? scratch_.FindCustomer(ref, p.payer_org_number) : nullptr;
      if (cu != nullptr) {
        SpreadOverCustomer(cu->number, part.amount, 0, id, date);
      } else if (ref.empty()) {
        queue(part.amount, "no reference");
      } else {
        absl::Status valid = ValidateReference(ref, kind_, control_);
        queue(part.amount,
              valid.ok() ? absl::StrCat("no invoice has reference ", ref) : std::string(valid.message()));
      }
      return;
    }
    const InvoiceNumber n = inv->number;
    const std::string customer = inv->customer_number;
    if (!inv->balance().is_positive() && inv->recoverable().is_positive()) {
      // A payment on a written-off claim: recovered, up to what was written off.
      const Money recovered = Min(part.amount, inv->recoverable());
      Emit(date, WriteOffRecovered{id, n, recovered});
      if (part.amount > recovered) {
        queue(part.amount - recovered,
              absl::StrCat("more than invoice ", FormatInvoiceNumber(n), " had written off"));
      }
      return;
    }
    if (inv->status == InvoiceStatus::kAnnulled || !inv->balance().is_positive()) {
      if (settings_.oldest_first) {
        SpreadOverCustomer(customer, part.amount, n, id, date);
      } else {
        queue(part.amount,
              absl::StrCat("invoice ", FormatInvoiceNumber(n),
                           inv->status == InvoiceStatus::kAnnulled ? " is annulled" : " is already paid"));
      }
      return;
    }
    AllocateToInvoice(part, inv, customer, id, date);
  }

  // A part on an open invoice: allocated (a plan's interest charged first); a difference within
  // the limits written off or carried, an overpayment beyond them the customer's credit.
  void AllocateToInvoice(const Part& part, const Invoice* inv, const std::string& customer,
                         const std::string& id, Date date) {
    const std::string& ref = part.reference;
    const InvoiceNumber n = inv->number;
    // A claim in a plan with interest is charged its interest up to the payment day first.
    const std::optional<InterestCharged> plan_interest = PlanInterestDue(scratch_.state(), *inv, date);
    if (plan_interest) {
      Emit(date, *plan_interest);
      inv = scratch_.Find(ref);
    }
    const Money balance = inv->balance();
    Allocation a = Allocate(*inv, part.amount, order_);
    Emit(date, PaymentAllocated{id, n, a.fees, a.interest, a.capital});
    const Money shortfall = balance - a.allocated();
    if (shortfall.is_positive() && shortfall <= settings_.underpayment_limit) {
      if (settings_.carry_to_next_invoice) {
        Emit(date, PaymentDifferenceCarried{id, n, customer, shortfall});
      } else {
        Emit(date, SmallDifferenceWrittenOff{id, n, shortfall, settings_.small_difference_account});
      }
    } else if (a.rest.is_positive() && a.rest <= settings_.overpayment_limit) {
      if (settings_.carry_to_next_invoice) {
        Emit(date, PaymentDifferenceCarried{id, n, customer, -a.rest});
      } else {
        Emit(date, SmallDifferenceWrittenOff{id, n, -a.rest, settings_.small_difference_account});
      }
    } else if (a.rest.is_positive()) {
      Emit(date, OverpaymentRecorded{id, customer, n, a.rest});
    }
  }

  const CommandMeta& meta_;
  const DecideContext& ctx_;
  const PaymentSettingsSet& settings_;
  Scratch scratch_;
  const OcrControl control_;
  const ReferenceKind kind_;
  const absl::string_view order_;
  std::vector<Event> out_;
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
  RETURN_IF_ERROR(CheckFileShape(c));
  ASSIGN_OR_RETURN(FileDeposits deposits, ReadDeposits(meta.company, settings, c));
  // Omsändning: the same bytes, the same camt message, or a deposit already read, is refused
  // unless confirmed; a confirmed re-send books only the payments not booked before.
  const std::string message_key =
      c.file.message_id.empty() ? "" : absl::StrCat("M|", FamilyOf(c.file.format), "|", c.file.message_id);
  RETURN_IF_ERROR(CheckNotImportedBefore(state, meta.company, settings, c, message_key, deposits.deposits));
  ASSIGN_OR_RETURN(Delivered delivered, FindDelivered(state, meta.company, c));
  if (!delivered.skipped.empty() && !c.confirm_resend) {
    return absl::FailedPreconditionError(
        absl::StrCat(delivered.skipped.size(), " of the file's payments were already imported (",
                     delivered.skipped.front(), delivered.skipped.size() > 1 ? " …" : "",
                     "); confirm a re-send (omsändning) to book only the new ones"));
  }

  PaymentBooker booker(state, meta, ctx, settings);
  booker.Emit(c.file.deposits.front().payment_date,
              FileImportedEvent(c, settings, std::move(deposits), delivered, message_key));
  int index = 0, position = 0;
  for (const IncomingDeposit& d : c.file.deposits) {
    for (const IncomingPayment& p : d.payments) {
      if (delivered.is_skipped[position++]) continue;
      const std::string id = absl::StrCat(meta.command_id, "/", ++index);
      booker.BookPayment(d, p, id);
    }
  }
  return booker.TakeEvents();
}

}  // namespace reskontra
