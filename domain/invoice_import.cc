#include "domain/invoice_import.h"

#include <algorithm>

#include "absl/container/btree_map.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"
#include "domain/apply.h"
#include "domain/ids.h"
#include "domain/limits.h"
#include "domain/migration.h"

namespace reskontra {

namespace {

constexpr size_t kMaxErrors = 50;

// The highest number of `routine` in `map` (keyed by company and number), 0 for none.
template <class Map>
InvoiceNumber HighestIn(const Map& map, CompanyId company, int32_t routine) {
  const InvoiceNumber first = static_cast<InvoiceNumber>(routine) * limits::kInvoicesPerRoutine;
  auto it = map.lower_bound(CompanyInvoiceKey{company, first + limits::kInvoicesPerRoutine});
  if (it == map.begin()) return 0;
  --it;
  return it->first.company == company && it->first.number >= first ? it->first.number : 0;
}

// The invoice number of a credit note's ID as the ledger writes it (<invoice>-K<position>), or
// "" for any other ID.
absl::string_view CreditNoteOfInvoice(absl::string_view id) {
  const size_t k = id.find("-K");
  if (k == absl::string_view::npos || k + 2 == id.size()) return "";
  for (char c : id.substr(k + 2))
    if (!absl::ascii_isdigit(c)) return "";
  return id.substr(0, k);
}

bool IsLowerHex64(absl::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!absl::ascii_isdigit(c) && (c < 'a' || c > 'f')) return false;
  return true;
}

// The command that issues one invoice of the file as `number`.
IssueInvoice IssueCommandFor(const InvoiceFileInvoice& inv, InvoiceNumber number) {
  IssueInvoice issue;
  issue.invoice_number = number;
  issue.customer_number = inv.customer_number;
  issue.invoice_date = inv.invoice_date;
  issue.due_date = inv.due_date;
  issue.ocr_reference = inv.ocr_reference;
  issue.attributes = inv.attributes;
  issue.attributes.source_id = inv.source_id;
  for (const InvoiceFileLine& l : inv.lines)
    issue.lines.push_back(
        IssueInvoiceLine{l.description, l.net, l.vat_rate_bp, l.revenue_account, l.outside_vat_scope});
  return issue;
}

// One invoice file's import. The file's own commands are decided on a scratch ledger of the
// company and the customers the file names; what the rest of the ledger knows (numbers, OCR
// references) is looked up in `state`. Refusals are collected (the first kMaxErrors) so that a
// refused file names them all.
class InvoiceFileImport {
 public:
  InvoiceFileImport(const LedgerState& state, const CommandMeta& meta, const DecideContext& ctx,
                    const Company& company, const ImportInvoiceFile& command)
      : state_(state), meta_(meta), ctx_(ctx), sub_(meta) {
    scratch_.companies[meta.company] = company;
    sub_.expected_version.reset();
    receipt_.fingerprint = command.fingerprint;
    receipt_.format = command.file.format;
    if (command.opening_account != 0) {
      receipt_.opening_account = command.opening_account;
      receipt_.balance_date = command.balance_date;
    }
  }

  // The file's customers: registered when the ledger does not know them, changed when their
  // details differ from the ledger's.
  void ImportCustomers(const std::vector<InvoiceFileCustomer>& customers) {
    for (const InvoiceFileCustomer& c : customers) {
      if (const Customer* known = state_.FindCustomer(meta_.company, c.customer_number); known != nullptr) {
        Seed(*known);
        if (!c.details_given) continue;
        // What the file leaves out (an empty column, no e-mail in the UBL) keeps the ledger's value.
        CustomerDetails merged = c.details;
        for (auto field : {&CustomerDetails::national_id, &CustomerDetails::street,
                           &CustomerDetails::postal_code, &CustomerDetails::city, &CustomerDetails::country,
                           &CustomerDetails::email, &CustomerDetails::peppol_id})
          if ((merged.*field).empty()) merged.*field = known->details.*field;
        absl::StatusOr<std::vector<Event>> changed =
            DecideOnScratch(ChangeCustomer{c.customer_number, merged});
        if (!changed.ok()) {
          Refuse(c.line, absl::StrCat("customer ", c.customer_number, ": ", changed.status().message()));
          continue;
        }
        // Details the same as the ledger's (once normalised) change nothing.
        const auto* ev = changed->empty() ? nullptr : std::get_if<CustomerChanged>(&changed->front().body);
        if (ev != nullptr && ev->details == known->details) {
          Seed(*known);
          continue;
        }
        ++receipt_.customers_changed;
        Take(*changed);
      } else if (!c.details_given) {
        Refuse(c.line, absl::StrCat("customer ", c.customer_number,
                                    " is not in the ledger and the file gives no name or address for it"));
      } else {
        absl::StatusOr<std::vector<Event>> registered =
            DecideOnScratch(RegisterCustomer{c.customer_number, c.details});
        if (!registered.ok()) {
          Refuse(c.line, absl::StrCat("customer ", c.customer_number, ": ", registered.status().message()));
          continue;
        }
        ++receipt_.customers_registered;
        Take(*registered);
      }
    }
  }

  // Numbers: the file's own, then the ledger's next ones above everything used in each routine.
  // Returns routine -> the next number to give (0 when the routine was refused).
  absl::btree_map<int32_t, InvoiceNumber> NextNumbers(const std::vector<InvoiceFileInvoice>& invoices) {
    absl::flat_hash_set<InvoiceNumber> given;
    absl::btree_map<int32_t, InvoiceNumber> next;  // routine -> the next number to give
    for (const InvoiceFileInvoice& inv : invoices) {
      if (inv.invoice_number == 0) continue;
      if (!given.insert(inv.invoice_number).second)
        Refuse(inv.line,
               absl::StrCat("invoice ", FormatInvoiceNumber(inv.invoice_number), " is in the file twice"));
    }
    for (const InvoiceFileInvoice& inv : invoices) {
      if (inv.invoice_number != 0 || next.contains(inv.routine)) continue;
      absl::StatusOr<InvoiceNumber> n = NextInvoiceNumber(state_, meta_.company, inv.routine);
      if (!n.ok()) {
        Refuse(inv.line, n.status().message());
        next[inv.routine] = 0;
        continue;
      }
      InvoiceNumber above = *n;
      for (InvoiceNumber g : given)
        if (RoutineOf(g) == inv.routine) above = std::max(above, g + 1);
      next[inv.routine] = above;
    }
    return next;
  }

  // The file's invoices, each issued as one IssueInvoice, numbered from `next` where the file
  // gives no number.
  void IssueInvoices(const std::vector<InvoiceFileInvoice>& invoices,
                     absl::btree_map<int32_t, InvoiceNumber>& next) {
    absl::flat_hash_set<std::string> source_ids;
    for (const InvoiceFileInvoice& inv : invoices) IssueOne(inv, next, source_ids);
  }

  // The receipt first and the file's events, or INVALID_ARGUMENT with every refusal.
  absl::StatusOr<std::vector<Event>> Result() {
    if (!errors_.empty())
      return absl::InvalidArgumentError(absl::StrCat(errors_.size() >= kMaxErrors ? "the first " : "",
                                                     errors_.size(),
                                                     errors_.size() == 1 ? " refusal" : " refusals",
                                                     ", nothing imported: ", absl::StrJoin(errors_, "; ")));
    out_.insert(out_.begin(), MakeEvent(meta_, ctx_, ctx_.today, std::move(receipt_)));
    return std::move(out_);
  }

 private:
  void Refuse(int line, absl::string_view why) {
    if (errors_.size() < kMaxErrors) errors_.push_back(absl::StrCat("line ", line, ": ", why));
  }
  // One of the file's commands, decided on the scratch ledger and applied to it.
  absl::StatusOr<std::vector<Event>> DecideOnScratch(CommandBody body) {
    ASSIGN_OR_RETURN(std::vector<Event> events, Decide(scratch_, Command{sub_, std::move(body)}, ctx_));
    for (const Event& e : events) RETURN_IF_ERROR(Apply(scratch_, e));
    return events;
  }
  void Take(std::vector<Event>& events) {
    for (Event& e : events) out_.push_back(std::move(e));
  }
  // A customer the ledger knows, on the scratch ledger. A migration's invoices bring their old
  // balances only: no credit balance or carried difference of the customer's is used on them.
  void Seed(const Customer& known) {
    Customer& c = scratch_.customers[CompanyCustomerKey{meta_.company, known.number}];
    c = known;
    if (receipt_.opening_account != 0) c.credit_balance = c.carried = Money();
  }

  // One invoice of the file: refused, or issued with its events taken.
  void IssueOne(const InvoiceFileInvoice& inv, absl::btree_map<int32_t, InvoiceNumber>& next,
                absl::flat_hash_set<std::string>& source_ids) {
    if (SourceIdRefused(inv, source_ids)) return;
    InvoiceNumber number = inv.invoice_number;
    if (number == 0) {
      InvoiceNumber& n = next[inv.routine];
      if (n == 0) return;  // refused above
      if (RoutineOf(n) != inv.routine) {
        Refuse(inv.line, absl::StrCat("routine ", inv.routine, " has no invoice numbers left"));
        return;
      }
      number = n++;
    }
    const std::string at = FormatInvoiceNumber(number);
    if (state_.FindInvoice(meta_.company, number) != nullptr ||
        state_.archived.contains(CompanyInvoiceKey{meta_.company, number})) {
      Refuse(inv.line, absl::StrCat("invoice ", at, " already exists in company ", meta_.company));
      return;
    }
    if (!inv.ocr_reference.empty() &&
        state_.ocr_index.contains(std::make_pair(meta_.company, inv.ocr_reference))) {
      Refuse(inv.line,
             absl::StrCat("OCR reference ", inv.ocr_reference, " is already used by another invoice"));
      return;
    }
    IssueInvoice issue = IssueCommandFor(inv, number);
    if (!scratch_.FindCustomer(meta_.company, inv.customer_number)) {
      if (const Customer* known = state_.FindCustomer(meta_.company, inv.customer_number)) Seed(*known);
    }
    absl::StatusOr<std::vector<Event>> issued = DecideOnScratch(std::move(issue));
    if (!issued.ok()) {
      Refuse(inv.line, absl::StrCat("invoice ", at, ": ", issued.status().message()));
      return;
    }
    // A reference derived from the number may still be another invoice's in the ledger.
    const auto* ev = std::get_if<InvoiceIssued>(&issued->front().body);
    if (ev != nullptr && inv.ocr_reference.empty() &&
        state_.ocr_index.contains(std::make_pair(meta_.company, ev->ocr_reference))) {
      Refuse(inv.line, absl::StrCat("invoice ", at, ": its OCR reference ", ev->ocr_reference,
                                    " is already used by another invoice"));
      return;
    }
    if (ev != nullptr) receipt_.total += ev->total;
    ++receipt_.invoices;
    receipt_.source_ids.push_back(inv.source_id);
    receipt_.numbers.push_back(number);
    const Money total = ev != nullptr ? ev->total : Money();
    Take(*issued);  // `ev` is moved from now
    if (receipt_.opening_account != 0) {
      // A migrated invoice: brought to its balance in the old ledger (domain/migration.h).
      absl::StatusOr<std::vector<Event>> events = std::vector<Event>();
      if (absl::Status opening = CheckOpening(inv, total, receipt_.balance_date); !opening.ok())
        events = opening;
      else
        events = OpeningEvents(scratch_, sub_, ctx_, inv, number, receipt_.balance_date,
                               [this](CommandBody body) { return DecideOnScratch(std::move(body)); });
      if (!events.ok()) {
        Refuse(inv.line, absl::StrCat("invoice ", at, ": ", events.status().message()));
        return;
      }
      Take(*events);
    }
  }

  // Whether the invoice's billing-system id (kalla_id) is refused: twice in the file, or issued
  // before in its routine.
  bool SourceIdRefused(const InvoiceFileInvoice& inv, absl::flat_hash_set<std::string>& source_ids) {
    if (!inv.source_id.empty() && !source_ids.insert(inv.source_id).second) {
      Refuse(inv.line, absl::StrCat("kalla_id ", inv.source_id, " is in the file twice"));
      return true;
    }
    // A billing system's invoice is issued once: the same id in the same routine again (a file
    // regenerated with other bytes, a batch sent twice) is refused, naming what it became.
    if (!inv.source_id.empty()) {
      const int32_t routine = inv.invoice_number != 0 ? RoutineOf(inv.invoice_number) : inv.routine;
      auto known = state_.invoice_sources.find({meta_.company, routine, inv.source_id});
      if (known != state_.invoice_sources.end()) {
        Refuse(inv.line,
               absl::StrCat("kalla_id ", inv.source_id, " of routine ", routine,
                            " was imported before: it is invoice ", FormatInvoiceNumber(known->second)));
        return true;
      }
    }
    return false;
  }

  const LedgerState& state_;
  const CommandMeta& meta_;
  const DecideContext& ctx_;
  LedgerState scratch_;
  CommandMeta sub_;  // the file's commands: no expected version
  std::vector<std::string> errors_;
  std::vector<Event> out_;
  InvoiceFileImported receipt_;
};

}  // namespace

absl::StatusOr<InvoiceNumber> NextInvoiceNumber(const LedgerState& state, CompanyId company,
                                                int32_t routine) {
  if (routine < 1 || routine > limits::kRoutineMax)
    return absl::InvalidArgumentError(absl::StrCat("routine ", routine, " is not 1..", limits::kRoutineMax));
  const InvoiceNumber first = static_cast<InvoiceNumber>(routine) * limits::kInvoicesPerRoutine;
  const InvoiceNumber used = std::max(
      {HighestIn(state.invoices, company, routine), HighestIn(state.archived, company, routine), first});
  if (used + 1 >= first + limits::kInvoicesPerRoutine)
    return absl::FailedPreconditionError(absl::StrCat("routine ", routine, " has no invoice numbers left"));
  return used + 1;
}

absl::StatusOr<std::vector<Event>> DecideInvoiceImport(const LedgerState& state, const CommandMeta& meta,
                                                       const ImportInvoiceFile& command,
                                                       const DecideContext& ctx) {
  const IncomingInvoiceFile& file = command.file;
  if (!IsLowerHex64(command.fingerprint))
    return absl::InvalidArgumentError("the file's fingerprint is 64 lowercase hex digits");
  if (file.format != "CSV" && file.format != "UBL")
    return absl::InvalidArgumentError(absl::StrCat("unknown invoice file format '", file.format, "'"));
  if (file.invoices.empty()) return absl::InvalidArgumentError("the file has no invoices");
  const Company* company = state.FindCompany(meta.company);
  if (company == nullptr)
    return absl::NotFoundError(absl::StrCat("company ", meta.company, " is not registered"));
  if (state.imported_files.contains(std::make_pair(meta.company, command.fingerprint)))
    return absl::FailedPreconditionError("this file was imported before (the same bytes): nothing imported");
  RETURN_IF_ERROR(ValidateMigration(command, ctx.today));
  if (command.opening_account != 0) {
    // The opening account is the other side of the receivables: not one the ledger posts its
    // own sub-ledgers or the bank on (the migration would post nothing, or move the bank).
    std::vector<int32_t> routines = {0};
    for (const InvoiceFileInvoice& inv : file.invoices) routines.push_back(RoutineOf(inv.invoice_number));
    for (int32_t routine : routines) {
      const AccountPlanSet plan = company->AccountPlanFor(routine);
      for (int32_t own : {plan.receivables, plan.customer_credit, plan.carried, plan.unallocated, plan.bank})
        if (command.opening_account == own)
          return absl::InvalidArgumentError(absl::StrCat(
              "opening account ", own,
              " is one of the ledger's own (receivables, förskott, carried, unallocated or bank): give the "
              "account the old ledger's balance is moved against, e.g. 1519"));
    }
  }

  InvoiceFileImport importer(state, meta, ctx, *company, command);
  importer.ImportCustomers(file.customers);
  absl::btree_map<int32_t, InvoiceNumber> next = importer.NextNumbers(file.invoices);
  importer.IssueInvoices(file.invoices, next);
  return importer.Result();
}

absl::StatusOr<std::vector<Event>> DecideInvoiceResponses(const LedgerState& state, const CommandMeta& meta,
                                                          const ApplyInvoiceResponses& command,
                                                          const DecideContext& ctx) {
  const Company* company = state.FindCompany(meta.company);
  if (company == nullptr)
    return absl::NotFoundError(absl::StrCat("company ", meta.company, " is not registered"));
  if (command.responses.empty()) return absl::InvalidArgumentError("no invoice responses");
  if (command.hold_code < 1 || command.hold_code > limits::kDunningCodeMax ||
      !company->dunning_codes.contains(command.hold_code))
    return absl::InvalidArgumentError(absl::StrCat(
        "kravkod ", static_cast<int>(command.hold_code),
        " is not one of the company's: define the code that holds a disputed claim's dunning first"));
  std::vector<std::string> errors;
  std::vector<Event> out;
  // The hold each claim has after the responses before it in the file.
  absl::flat_hash_map<InvoiceNumber, std::pair<uint8_t, bool>> code_now;
  for (const InvoiceResponse& r : command.responses) {
    auto refuse = [&](absl::string_view why) {
      if (errors.size() < kMaxErrors) errors.push_back(absl::StrCat("line ", r.line, ": ", why));
    };
    const bool hold = r.code == "UQ" || r.code == "RE";
    const bool lift = r.code == "AP" || r.code == "CA" || r.code == "PD";
    if (!hold && !lift && r.code != "AB" && r.code != "IP") {
      refuse(absl::StrCat("response code '", r.code, "' is not AB, IP, UQ, CA, RE, AP or PD"));
      continue;
    }
    // A credit note the ledger sent is named by the invoice it credits and its journal position
    // (020001001-K57, domain/einvoice.cc): the response answers that invoice.
    const absl::string_view credit_note = CreditNoteOfInvoice(r.invoice_id);
    const absl::string_view id = credit_note.empty() ? absl::string_view(r.invoice_id) : credit_note;
    InvoiceNumber n = 0;
    if (id.size() != static_cast<size_t>(limits::kInvoiceNumberDigits) || !absl::SimpleAtoi(id, &n) ||
        !ValidateInvoiceNumber(n).ok()) {
      refuse(r.document_type == "381"
                 ? absl::StrCat("credit note '", r.invoice_id,
                                "' is not one the ledger sent (it names them <invoice>-K<position>)")
                 : absl::StrCat("'", r.invoice_id, "' is not one of the ledger's invoice numbers"));
      continue;
    }
    const Invoice* inv = state.FindInvoice(meta.company, n);
    if (inv == nullptr) {
      refuse(absl::StrCat("invoice ", id, " is not in company ", meta.company));
      continue;
    }
    // Only the buyer answers it: from the address the invoice was issued to, or the customer's
    // address now (an e-invoice goes to that).
    const Customer* buyer = state.FindCustomer(meta.company, inv->customer_number);
    const std::string& now_id = buyer != nullptr ? buyer->details.peppol_id : inv->attributes.peppol_id;
    if (!r.sender.empty() && !(inv->attributes.peppol_id.empty() && now_id.empty()) &&
        !absl::EqualsIgnoreCase(r.sender, inv->attributes.peppol_id) &&
        !absl::EqualsIgnoreCase(r.sender, now_id)) {
      refuse(absl::StrCat("the response is from ", r.sender, ", but invoice ", id, " was sent to ",
                          now_id.empty() ? inv->attributes.peppol_id : now_id));
      continue;
    }
    if (!hold && !lift) continue;  // an acknowledgement: the buyer has it, nothing to do
    if (!credit_note.empty()) {
      // A credit note questioned or accepted is noted on its invoice; the claim's dunning is the
      // invoice's own business.
      const std::string note =
          absl::StrCat("Peppol Invoice Response ", r.code, " på kreditnota ", r.invoice_id, " ",
                       FormatDate(r.issue_date), r.reason.empty() ? "" : ": ", r.reason);
      if (absl::Status text = ValidateText("note", note, limits::kNoteMax, true); !text.ok()) {
        refuse(text.message());
        continue;
      }
      out.push_back(MakeEvent(meta, ctx, ctx.today, NoteAdded{n, inv->customer_number, note}));
      continue;
    }
    // The claim's kravkod now: (code, whether it lapses on a day). Held means the hold code
    // with no end; another code a clerk set is kept (the response is only noted).
    auto [it, fresh] =
        code_now.try_emplace(n, std::make_pair(inv->dunning->code, inv->dunning->code_until.has_value()));
    const auto [code, lapses] = it->second;
    std::string note = absl::StrCat("Peppol Invoice Response ", r.code, hold ? " (ifrågasatt)" : " (godkänd)",
                                    " ", FormatDate(r.issue_date), r.reason.empty() ? "" : ": ", r.reason);
    if (code != 0 && code != command.hold_code) {
      absl::StrAppend(&note, " (kravkod ", static_cast<int>(code), " behålls)");
    } else if (hold && (code != command.hold_code || lapses)) {
      out.push_back(MakeEvent(meta, ctx, ctx.today, DunningCodeAssigned{n, command.hold_code, std::nullopt}));
      it->second = {command.hold_code, false};
    } else if (lift && code == command.hold_code) {
      out.push_back(MakeEvent(meta, ctx, ctx.today, DunningCodeRemoved{n, command.hold_code}));
      it->second = {0, false};
    }
    if (absl::Status text = ValidateText("note", note, limits::kNoteMax, true); !text.ok()) {
      refuse(text.message());
      continue;
    }
    out.push_back(MakeEvent(meta, ctx, ctx.today, NoteAdded{n, inv->customer_number, note}));
  }
  if (!errors.empty())
    return absl::InvalidArgumentError(absl::StrCat(
        errors.size() >= kMaxErrors ? "the first " : "", errors.size(),
        errors.size() == 1 ? " refusal" : " refusals", ", nothing applied: ", absl::StrJoin(errors, "; ")));
  if (out.empty())
    return absl::AlreadyExistsError("the responses are acknowledgements only: nothing to change");
  return out;
}

}  // namespace reskontra
