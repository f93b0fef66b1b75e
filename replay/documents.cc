#include "replay/documents.h"

#include <string>
#include <utility>

#include "absl/container/btree_set.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "replay/rebuild.h"

namespace reskontra {

absl::StatusOr<std::vector<DocumentContent>> DunningRunLetters(const Journal& journal, uint64_t up_to,
                                                               CompanyId company, Date run_date,
                                                               std::optional<int32_t> routine,
                                                               std::vector<InvoiceNumber>* invoices) {
  LedgerState state;
  std::vector<DocumentContent> out;
  // The current command's letters, made into documents once all its events are applied.
  std::string command;
  std::vector<std::pair<DunningStepIssued, EventMeta>> letters;
  bool is_the_run = false, found = false;
  absl::Status failed;
  auto finish_command = [&]() -> absl::Status {
    if (is_the_run) {
      found = true;
      for (const auto& [letter, meta] : letters) {
        ASSIGN_OR_RETURN(DocumentContent d, DunningLetterDocument(state, company, letter, meta));
        out.push_back(std::move(d));
        if (invoices != nullptr) invoices->push_back(letter.invoice_number);
      }
    }
    letters.clear();
    is_the_run = false;
    return absl::OkStatus();
  };
  RETURN_IF_ERROR(journal.ScanAhead(1, up_to, [&](const JournalRecord& r) {
    if (r.event.meta.command_id != command) {
      failed = finish_command();
      if (!failed.ok()) return false;
      command = r.event.meta.command_id;
    }
    failed = Apply(state, r.event);
    if (!failed.ok()) {
      failed = absl::DataLossError(absl::StrCat("position ", r.position, ": ", failed.message()));
      return false;
    }
    if (r.event.meta.company != company) return true;
    if (const auto* l = std::get_if<DunningStepIssued>(&r.event.body)) letters.emplace_back(*l, r.event.meta);
    if (const auto* done = std::get_if<DunningRunCompleted>(&r.event.body);
        done && done->run_date == run_date && (!routine || done->routine == *routine))
      is_the_run = true;
    return true;
  }));
  RETURN_IF_ERROR(failed);
  RETURN_IF_ERROR(finish_command());
  if (!found)
    return absl::NotFoundError(absl::StrCat("company ", company, " made no dunning run on ",
                                            FormatDate(run_date),
                                            routine ? absl::StrCat(" for routine ", *routine) : ""));
  return out;
}

absl::StatusOr<LedgerState> StateAt(const ReskontraProjection& projection, const Journal& journal,
                                    uint64_t position) {
  ASSIGN_OR_RETURN(auto snapshot, projection.LoadSnapshot(absl::InfiniteFuture(), position));
  if (!snapshot.has_value()) return RebuildState(journal, position);
  return FoldState(journal, std::move(snapshot->second), snapshot->first + 1, position);
}

absl::StatusOr<std::vector<Event>> InvoiceDocumentEvents(const Journal& journal, CompanyId company,
                                                         InvoiceNumber n, uint64_t up_to) {
  std::vector<Event> out;
  ASSIGN_OR_RETURN(std::vector<uint64_t> positions, journal.StreamPositions(InvoiceStream(company, n)));
  absl::btree_set<std::string> payments;
  for (uint64_t p : positions) {
    if (p > up_to) break;
    ASSIGN_OR_RETURN(JournalRecord r, journal.Read(p));
    if (const auto* a = std::get_if<PaymentAllocated>(&r.event.body)) payments.insert(a->payment_id);
    out.push_back(std::move(r.event));
  }
  for (const std::string& id : payments) {
    ASSIGN_OR_RETURN(std::vector<uint64_t> of_payment,
                     journal.StreamPositions(StreamId{StreamId::Kind::kPayment, company, id}));
    for (uint64_t p : of_payment) {
      if (p > up_to) break;
      ASSIGN_OR_RETURN(JournalRecord r, journal.Read(p));
      if (std::holds_alternative<PaymentReceived>(r.event.body)) {
        out.push_back(std::move(r.event));
        break;
      }
    }
  }
  return out;
}

absl::StatusOr<DocumentContent> InvoiceDocumentAt(const Journal& journal, const Company& company,
                                                  const Customer& customer, const Invoice& invoice,
                                                  const DocumentProduced& d) {
  if (d.kind == ProducedDocument::kCreditNote || d.kind == ProducedDocument::kAnnulmentNotice) {
    // The change the notice is about is the record it was made from.
    ASSIGN_OR_RETURN(JournalRecord r, journal.Read(d.source_position));
    const bool credit = d.kind == ProducedDocument::kCreditNote;
    const auto* c = std::get_if<InvoiceCredited>(&r.event.body);
    const auto* a = std::get_if<InvoiceAnnulled>(&r.event.body);
    const InvoiceNumber about = credit ? (c ? c->invoice_number : 0) : (a ? a->invoice_number : 0);
    if (r.event.meta.company != company.id || about != invoice.number)
      return absl::NotFoundError(absl::StrCat("position ", d.source_position, " is not ",
                                              credit ? "a credit" : "the annulment", " of invoice ",
                                              FormatInvoiceNumber(invoice.number)));
  }
  ASSIGN_OR_RETURN(std::vector<Event> events,
                   InvoiceDocumentEvents(journal, company.id, invoice.number, d.source_position));
  return InvoiceDocument(company, customer, invoice, d, events);
}

absl::StatusOr<EInvoice> EInvoiceAt(const Journal& journal, const Company& company, const Customer& customer,
                                    const Invoice& invoice, const DocumentProduced& d) {
  uint64_t events_up_to = d.source_position;
  if (d.kind == ProducedDocument::kEInvoiceCreditNote) {
    // The credit is the record it is about; the parties are as they were when it was made.
    ASSIGN_OR_RETURN(JournalRecord r, journal.Read(d.about_position));
    const auto* c = std::get_if<InvoiceCredited>(&r.event.body);
    if (r.event.meta.company != company.id || c == nullptr || c->invoice_number != invoice.number)
      return absl::NotFoundError(absl::StrCat("position ", d.about_position, " is not a credit of invoice ",
                                              FormatInvoiceNumber(invoice.number)));
    events_up_to = d.about_position;
  }
  ASSIGN_OR_RETURN(std::vector<Event> events,
                   InvoiceDocumentEvents(journal, company.id, invoice.number, events_up_to));
  return EInvoiceFor(company, customer, invoice, d, events);
}

// What `make` makes of each invoice of `d`, from the company, customer and invoice as they were
// at d.source_position.
template <class T, class Make>
absl::StatusOr<std::vector<T>> EachInvoiceAt(const ReskontraProjection& projection, const Journal& journal,
                                             CompanyId company, const DocumentProduced& d, Make make) {
  ASSIGN_OR_RETURN(LedgerState state, StateAt(projection, journal, d.source_position));
  std::vector<T> out;
  for (InvoiceNumber n : d.invoices) {
    const Company* co = state.FindCompany(company);
    const Invoice* inv = state.FindInvoice(company, n);
    const Customer* cu = inv != nullptr ? state.FindCustomer(company, inv->customer_number) : nullptr;
    if (co == nullptr || inv == nullptr || cu == nullptr)
      return absl::DataLossError(absl::StrCat("invoice ", FormatInvoiceNumber(n),
                                              " is not in the ledger at position ", d.source_position));
    ASSIGN_OR_RETURN(T made, make(journal, *co, *cu, *inv, d));
    out.push_back(std::move(made));
  }
  return out;
}

absl::StatusOr<std::vector<EInvoice>> ReproduceEInvoices(const ReskontraProjection& projection,
                                                         const Journal& journal, CompanyId company,
                                                         const DocumentProduced& d) {
  if (d.invoices.empty()) return absl::DataLossError("an e-invoice record names no invoice");
  if (d.kind == ProducedDocument::kEInvoiceCreditNote && d.invoices.size() != 1)
    return absl::DataLossError("an e-invoice credit note is about one invoice");
  return EachInvoiceAt<EInvoice>(projection, journal, company, d, EInvoiceAt);
}

absl::StatusOr<DocumentContent> PlanDocumentAt(const ReskontraProjection& projection, const Journal& journal,
                                               CompanyId company, const DocumentProduced& d) {
  ASSIGN_OR_RETURN(JournalRecord r, journal.Read(d.source_position));
  const auto* plan = std::get_if<AmortizationPlanEstablished>(&r.event.body);
  if (plan == nullptr || r.event.meta.company != company)
    return absl::NotFoundError(absl::StrCat("position ", d.source_position,
                                            " does not establish an amortisation plan of company ", company));
  ASSIGN_OR_RETURN(LedgerState state, StateAt(projection, journal, d.source_position));
  return PlanDocument(state, company, *plan, r.event.meta.effective_date, d);
}

absl::StatusOr<std::vector<DocumentContent>> ReprintContents(const ReskontraProjection& projection,
                                                             const Journal& journal, CompanyId company,
                                                             const DocumentProduced& d) {
  if (d.kind == ProducedDocument::kDunningLetters || d.kind == ProducedDocument::kDunningLetterFiles)
    return DunningRunLetters(journal, d.source_position, company, d.date,
                             d.routine < 0 ? std::nullopt : std::optional<int32_t>(d.routine));
  if (d.kind == ProducedDocument::kAmortisationPlan) {
    ASSIGN_OR_RETURN(DocumentContent content, PlanDocumentAt(projection, journal, company, d));
    return std::vector<DocumentContent>{std::move(content)};
  }
  if (d.invoices.empty() || (d.kind != ProducedDocument::kInvoices && d.invoices.size() != 1))
    return absl::DataLossError("an invoice document is about one invoice");
  return EachInvoiceAt<DocumentContent>(projection, journal, company, d, InvoiceDocumentAt);
}

}  // namespace reskontra
