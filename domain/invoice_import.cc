#include "domain/invoice_import.h"

#include <algorithm>

#include "absl/container/btree_map.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"
#include "domain/apply.h"
#include "domain/ids.h"
#include "domain/limits.h"

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

bool IsLowerHex64(absl::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!absl::ascii_isdigit(c) && (c < 'a' || c > 'f')) return false;
  return true;
}

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

  // The file's own commands are decided on a scratch ledger of the company and the customers
  // the file names; what the rest of the ledger knows (numbers, OCR references) is looked up in
  // `state`.
  LedgerState scratch;
  scratch.companies[meta.company] = *company;
  CommandMeta sub = meta;
  sub.expected_version.reset();
  std::vector<std::string> errors;
  std::vector<Event> out;
  InvoiceFileImported receipt;
  receipt.fingerprint = command.fingerprint;
  receipt.format = file.format;
  auto refuse = [&errors](int line, absl::string_view why) {
    if (errors.size() < kMaxErrors) errors.push_back(absl::StrCat("line ", line, ": ", why));
  };
  auto decide = [&](CommandBody body) -> absl::StatusOr<std::vector<Event>> {
    ASSIGN_OR_RETURN(std::vector<Event> events, Decide(scratch, Command{sub, std::move(body)}, ctx));
    for (const Event& e : events) RETURN_IF_ERROR(Apply(scratch, e));
    return events;
  };
  auto take = [&out](std::vector<Event>& events) {
    for (Event& e : events) out.push_back(std::move(e));
  };

  for (const InvoiceFileCustomer& c : file.customers) {
    if (const Customer* known = state.FindCustomer(meta.company, c.customer_number); known != nullptr) {
      scratch.customers[CompanyCustomerKey{meta.company, c.customer_number}] = *known;
      if (!c.details_given) continue;
      // What the file leaves out (an empty column, no e-mail in the UBL) keeps the ledger's value.
      CustomerDetails merged = c.details;
      for (auto field : {&CustomerDetails::national_id, &CustomerDetails::street,
                         &CustomerDetails::postal_code, &CustomerDetails::city, &CustomerDetails::country,
                         &CustomerDetails::email, &CustomerDetails::peppol_id})
        if ((merged.*field).empty()) merged.*field = known->details.*field;
      absl::StatusOr<std::vector<Event>> changed = decide(ChangeCustomer{c.customer_number, merged});
      if (!changed.ok()) {
        refuse(c.line, absl::StrCat("customer ", c.customer_number, ": ", changed.status().message()));
        continue;
      }
      // Details the same as the ledger's (once normalised) change nothing.
      const auto* ev = changed->empty() ? nullptr : std::get_if<CustomerChanged>(&changed->front().body);
      if (ev != nullptr && ev->details == known->details) {
        scratch.customers[CompanyCustomerKey{meta.company, c.customer_number}] = *known;
        continue;
      }
      ++receipt.customers_changed;
      take(*changed);
    } else if (!c.details_given) {
      refuse(c.line, absl::StrCat("customer ", c.customer_number,
                                  " is not in the ledger and the file gives no name or address for it"));
    } else {
      absl::StatusOr<std::vector<Event>> registered = decide(RegisterCustomer{c.customer_number, c.details});
      if (!registered.ok()) {
        refuse(c.line, absl::StrCat("customer ", c.customer_number, ": ", registered.status().message()));
        continue;
      }
      ++receipt.customers_registered;
      take(*registered);
    }
  }

  // Numbers: the file's own, then the ledger's next ones above everything used in each routine.
  absl::flat_hash_set<InvoiceNumber> given;
  absl::btree_map<int32_t, InvoiceNumber> next;  // routine -> the next number to give
  for (const InvoiceFileInvoice& inv : file.invoices) {
    if (inv.invoice_number == 0) continue;
    if (!given.insert(inv.invoice_number).second)
      refuse(inv.line,
             absl::StrCat("invoice ", FormatInvoiceNumber(inv.invoice_number), " is in the file twice"));
  }
  for (const InvoiceFileInvoice& inv : file.invoices) {
    if (inv.invoice_number != 0 || next.contains(inv.routine)) continue;
    absl::StatusOr<InvoiceNumber> n = NextInvoiceNumber(state, meta.company, inv.routine);
    if (!n.ok()) {
      refuse(inv.line, n.status().message());
      next[inv.routine] = 0;
      continue;
    }
    InvoiceNumber above = *n;
    for (InvoiceNumber g : given)
      if (RoutineOf(g) == inv.routine) above = std::max(above, g + 1);
    next[inv.routine] = above;
  }

  absl::flat_hash_set<std::string> source_ids;
  for (const InvoiceFileInvoice& inv : file.invoices) {
    if (!inv.source_id.empty() && !source_ids.insert(inv.source_id).second) {
      refuse(inv.line, absl::StrCat("kalla_id ", inv.source_id, " is in the file twice"));
      continue;
    }
    // A billing system's invoice is issued once: the same id in the same routine again (a file
    // regenerated with other bytes, a batch sent twice) is refused, naming what it became.
    if (!inv.source_id.empty()) {
      const int32_t routine = inv.invoice_number != 0 ? RoutineOf(inv.invoice_number) : inv.routine;
      auto known = state.invoice_sources.find({meta.company, routine, inv.source_id});
      if (known != state.invoice_sources.end()) {
        refuse(inv.line,
               absl::StrCat("kalla_id ", inv.source_id, " of routine ", routine,
                            " was imported before: it is invoice ", FormatInvoiceNumber(known->second)));
        continue;
      }
    }
    InvoiceNumber number = inv.invoice_number;
    if (number == 0) {
      InvoiceNumber& n = next[inv.routine];
      if (n == 0) continue;  // refused above
      if (RoutineOf(n) != inv.routine) {
        refuse(inv.line, absl::StrCat("routine ", inv.routine, " has no invoice numbers left"));
        continue;
      }
      number = n++;
    }
    const std::string at = FormatInvoiceNumber(number);
    if (state.FindInvoice(meta.company, number) != nullptr ||
        state.archived.contains(CompanyInvoiceKey{meta.company, number})) {
      refuse(inv.line, absl::StrCat("invoice ", at, " already exists in company ", meta.company));
      continue;
    }
    if (!inv.ocr_reference.empty() &&
        state.ocr_index.contains(std::make_pair(meta.company, inv.ocr_reference))) {
      refuse(inv.line,
             absl::StrCat("OCR reference ", inv.ocr_reference, " is already used by another invoice"));
      continue;
    }
    IssueInvoice issue;
    issue.invoice_number = number;
    issue.customer_number = inv.customer_number;
    issue.invoice_date = inv.invoice_date;
    issue.due_date = inv.due_date;
    issue.ocr_reference = inv.ocr_reference;
    issue.attributes = inv.attributes;
    issue.attributes.source_id = inv.source_id;
    for (const InvoiceFileLine& l : inv.lines)
      issue.lines.push_back(IssueInvoiceLine{l.description, l.net, l.vat_rate_bp, l.revenue_account});
    if (!scratch.FindCustomer(meta.company, inv.customer_number)) {
      if (const Customer* known = state.FindCustomer(meta.company, inv.customer_number))
        scratch.customers[CompanyCustomerKey{meta.company, inv.customer_number}] = *known;
    }
    absl::StatusOr<std::vector<Event>> issued = decide(std::move(issue));
    if (!issued.ok()) {
      refuse(inv.line, absl::StrCat("invoice ", at, ": ", issued.status().message()));
      continue;
    }
    // A reference derived from the number may still be another invoice's in the ledger.
    const auto* ev = std::get_if<InvoiceIssued>(&issued->front().body);
    if (ev != nullptr && inv.ocr_reference.empty() &&
        state.ocr_index.contains(std::make_pair(meta.company, ev->ocr_reference))) {
      refuse(inv.line, absl::StrCat("invoice ", at, ": its OCR reference ", ev->ocr_reference,
                                    " is already used by another invoice"));
      continue;
    }
    if (ev != nullptr) receipt.total += ev->total;
    ++receipt.invoices;
    receipt.source_ids.push_back(inv.source_id);
    receipt.numbers.push_back(number);
    take(*issued);
  }
  if (!errors.empty())
    return absl::InvalidArgumentError(absl::StrCat(
        errors.size() >= kMaxErrors ? "the first " : "", errors.size(),
        errors.size() == 1 ? " refusal" : " refusals", ", nothing imported: ", absl::StrJoin(errors, "; ")));
  out.insert(out.begin(), MakeEvent(meta, ctx, ctx.today, std::move(receipt)));
  return out;
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
    InvoiceNumber n = 0;
    if (r.invoice_id.size() != static_cast<size_t>(limits::kInvoiceNumberDigits) ||
        !absl::SimpleAtoi(r.invoice_id, &n) || !ValidateInvoiceNumber(n).ok()) {
      refuse(absl::StrCat("'", r.invoice_id, "' is not one of the ledger's invoice numbers"));
      continue;
    }
    const Invoice* inv = state.FindInvoice(meta.company, n);
    if (inv == nullptr) {
      refuse(absl::StrCat("invoice ", r.invoice_id, " is not in company ", meta.company));
      continue;
    }
    if (!hold && !lift) continue;  // an acknowledgement: the buyer has it, nothing to do
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
