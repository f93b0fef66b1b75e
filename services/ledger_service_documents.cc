// The documents the ledger sends (issue 25): each one rendered from the journal, recorded in it
// (DocumentProduced, with the SHA-256 of its bytes) and streamed; and a recorded one rendered
// again for a reprint or an auditor's proof.
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "documents/pdf.h"
#include "domain/limits.h"
#include "replay/documents.h"
#include "services/ledger_service.h"

namespace reskontra {

namespace {

pb::DocumentReceipt Receipt(uint64_t position, const DocumentProduced& d, bool replayed) {
  pb::DocumentReceipt r;
  r.set_position(position);
  r.set_sha256(d.sha256);
  r.set_pages(d.pages);
  r.set_bytes(d.bytes);
  r.set_replayed(replayed);
  return r;
}

}  // namespace

grpc::Status LedgerService::PrintAndRecord(grpc::ServerContext* ctx, const Caller& caller,
                                           const std::string& actor, CompanyId company, DocumentProduced d,
                                           const std::vector<DocumentContent>& contents,
                                           grpc::ServerWriter<pb::ExportChunk>* writer) {
  int pages = 0;
  absl::StatusOr<std::string> pdf = RenderPdf(contents, &pages);
  if (!pdf.ok()) return ToGrpc(pdf.status());
  d.sha256 = HashToHex(Sha256(*pdf));
  d.bytes = static_cast<int64_t>(pdf->size());
  d.pages = pages;
  // The same document from the same position is one record, however often it is asked for
  // before the journal moves on (a retry, a double click).
  Command command;
  command.meta.command_id = absl::StrCat("document-", d.source_position, "-", d.sha256.substr(0, 32));
  command.meta.actor = !caller.name.empty() ? caller.name : (actor.empty() ? "reskontra" : actor);
  command.meta.company = company;
  const Hash fingerprint =
      Sha256(absl::StrCat(static_cast<int>(d.kind), "/", d.source_position, "/", FormatDate(d.date), "/",
                          d.routine, "/", d.handler, "/", d.original_date, "/", d.sha256));
  command.body = RecordDocument{d};
  absl::StatusOr<AppendResult> recorded = core_->Execute(command, fingerprint);
  if (!recorded.ok()) return ToGrpc(recorded.status());
  const pb::DocumentReceipt receipt = Receipt(recorded->first_position, d, recorded->replayed);
  return WriteChunks(ctx, *pdf, writer, &receipt);
}

grpc::Status LedgerService::PrintInvoiceDocument(grpc::ServerContext* ctx,
                                                 const pb::PrintInvoiceDocumentRequest* r,
                                                 grpc::ServerWriter<pb::ExportChunk>* writer) {
  RESKONTRA_AUTHORIZE(ctx, *r);
  RETURN_GRPC_IF_ERROR(ValidateCompanyId(r->company()));
  RETURN_GRPC_IF_ERROR(ValidateInvoiceNumber(r->invoice_number()));
  RETURN_GRPC_IF_ERROR(ValidateText("handläggare", r->handler(), limits::kHandlerMax, false));
  if (r->kind() != pb::PrintInvoiceDocumentRequest::COPY &&
      r->kind() != pb::PrintInvoiceDocumentRequest::REPLACEMENT)
    return ToGrpc(absl::InvalidArgumentError("kind is COPY or REPLACEMENT"));
  if (r->original_date() && r->kind() != pb::PrintInvoiceDocumentRequest::COPY)
    return ToGrpc(absl::InvalidArgumentError("only a copy is dated with the invoice date"));
  DocumentProduced d;
  d.kind = r->kind() == pb::PrintInvoiceDocumentRequest::COPY ? ProducedDocument::kInvoiceCopy
                                                              : ProducedDocument::kReplacementInvoice;
  d.invoices = {r->invoice_number()};
  d.handler = r->handler();
  d.original_date = r->original_date();
  const Date today = core_->Today();
  // The company, customer and invoice as the live state has them, and the position it includes;
  // the invoice's events up to that position are read after the query, when they are durable
  // (the state counts records as they are staged) and without holding the projection's lock.
  // What the document says is then what a reprint from that position says.
  std::optional<Company> co;
  std::optional<Customer> cu;
  std::optional<Invoice> inv;
  absl::Status found = core_->projection().Query([&](const LedgerState& s, uint64_t at) -> absl::Status {
    const Invoice* i = s.FindInvoice(r->company(), r->invoice_number());
    if (i == nullptr) return s.InvoiceNotFound(r->company(), r->invoice_number());  // or archived
    const Company* c = s.FindCompany(r->company());
    const Customer* u = s.FindCustomer(r->company(), i->customer_number);
    if (c == nullptr || u == nullptr)
      return absl::InternalError("an invoice without its company or customer");
    co = *c;
    cu = *u;
    inv = *i;
    d.source_position = at;
    return absl::OkStatus();
  });
  if (!found.ok()) return ToGrpc(found);
  d.date = d.original_date ? inv->invoice_date : today;
  absl::StatusOr<DocumentContent> content = InvoiceDocumentAt(core_->journal(), *co, *cu, *inv, d);
  if (!content.ok()) return ToGrpc(content.status());
  const std::vector<DocumentContent> contents{std::move(*content)};
  return PrintAndRecord(ctx, caller, r->actor(), r->company(), std::move(d), contents, writer);
}

grpc::Status LedgerService::ReprintDocument(grpc::ServerContext* ctx, const pb::ReprintDocumentRequest* r,
                                            grpc::ServerWriter<pb::ExportChunk>* writer) {
  RESKONTRA_AUTHORIZE(ctx, *r);
  RETURN_GRPC_IF_ERROR(ValidateCompanyId(r->company()));
  uint64_t head = 0;
  RETURN_GRPC_IF_ERROR(core_->projection().Query([&](const LedgerState&, uint64_t at) {
    head = at;
    return absl::OkStatus();
  }));
  if (r->position() < 1 || r->position() > head)
    return ToGrpc(absl::NotFoundError(
        absl::StrCat("position ", r->position(), " is not in the journal (head ", head, ")")));
  absl::StatusOr<JournalRecord> record = core_->journal().Read(r->position());
  if (!record.ok()) return ToGrpc(record.status());
  const auto* d = std::get_if<DocumentProduced>(&record->event.body);
  if (d == nullptr || record->event.meta.company != r->company())
    return ToGrpc(absl::NotFoundError(
        absl::StrCat("position ", r->position(), " does not record a document of company ", r->company())));
  absl::StatusOr<std::vector<DocumentContent>> contents =
      ReprintContents(core_->projection(), core_->journal(), r->company(), *d);
  if (!contents.ok()) return ToGrpc(contents.status());
  int pages = 0;
  absl::StatusOr<std::string> pdf = RenderPdf(*contents, &pages);
  if (!pdf.ok()) return ToGrpc(pdf.status());
  const std::string sha = HashToHex(Sha256(*pdf));
  if (sha != d->sha256)
    return ToGrpc(absl::DataLossError(
        absl::StrCat("the reprint of the document at position ", r->position(), " has SHA-256 ", sha,
                     ", the journal records ", d->sha256,
                     ": the ledger or the renderer (its fonts, cairo, pango) is not what printed it")));
  const pb::DocumentReceipt receipt = Receipt(r->position(), *d, false);
  return WriteChunks(ctx, *pdf, writer, &receipt);
}

}  // namespace reskontra
