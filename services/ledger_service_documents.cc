// The documents the ledger sends (issue 25): each one rendered from the journal, recorded in it
// (DocumentProduced, with the SHA-256 of its bytes) and streamed; and a recorded one rendered
// again for a reprint or an auditor's proof.
#include <openssl/evp.h>

#include <algorithm>
#include <set>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"
#include "documents/pdf.h"
#include "domain/limits.h"
#include "replay/documents.h"
#include "services/convert_lists.h"
#include "services/ledger_service.h"
#include "services/limits.h"

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

// SHA-256 of bytes fed in pieces.
class Sha256Stream {
 public:
  Sha256Stream() : ctx_(EVP_MD_CTX_new()) {
    RESKONTRA_CHECK(EVP_DigestInit_ex(ctx_, EVP_sha256(), nullptr) == 1);
  }
  ~Sha256Stream() { EVP_MD_CTX_free(ctx_); }
  Sha256Stream(const Sha256Stream&) = delete;
  Sha256Stream& operator=(const Sha256Stream&) = delete;
  void Update(absl::string_view bytes) {
    RESKONTRA_CHECK(EVP_DigestUpdate(ctx_, bytes.data(), bytes.size()) == 1);
  }
  std::string Hex() {
    Hash h;
    unsigned int length = 0;
    RESKONTRA_CHECK(EVP_DigestFinal_ex(ctx_, h.data(), &length) == 1 && length == h.size());
    return HashToHex(h);
  }

 private:
  EVP_MD_CTX* ctx_;
};

// The bytes to the client as they are drawn, in chunks of limits::kExportChunkBytes; with one
// file a letter each file is named in its first chunk. The receipt goes in the last chunk, once
// the document is recorded, so nothing the size of the print file is held in memory.
class ChunkStream {
 public:
  ChunkStream(grpc::ServerContext* ctx, grpc::ServerWriter<pb::ExportChunk>* writer)
      : ctx_(ctx), writer_(writer) {}
  bool StartFile(std::string name) {
    if (!Flush(nullptr)) return false;
    name_ = std::move(name);
    return true;
  }
  bool Add(absl::string_view bytes) {
    while (!bytes.empty()) {
      const size_t take = std::min(bytes.size(), limits::kExportChunkBytes - buffer_.size());
      buffer_.append(bytes.data(), take);
      bytes.remove_prefix(take);
      if (buffer_.size() == limits::kExportChunkBytes && !Flush(nullptr)) return false;
    }
    return true;
  }
  bool Finish(const pb::DocumentReceipt& receipt) { return Flush(&receipt); }

 private:
  bool Flush(const pb::DocumentReceipt* receipt) {
    if (buffer_.empty() && name_.empty() && receipt == nullptr) return true;
    if (ctx_->IsCancelled()) return false;
    pb::ExportChunk chunk;
    chunk.set_file_name(std::move(name_));
    chunk.set_data(std::move(buffer_));
    if (receipt != nullptr) *chunk.mutable_document() = *receipt;
    name_.clear();
    buffer_.clear();
    return writer_->Write(chunk);
  }

  grpc::ServerContext* ctx_;
  grpc::ServerWriter<pb::ExportChunk>* writer_;
  std::string name_, buffer_;
};

// What was sent: one print file, or (kDunningLetterFiles) a file a document with the manifest of
// their SHA-256 in sha256sum's format, whose own SHA-256 the journal records.
struct Printed {
  std::string manifest;
  std::string sha256;
  int pages = 0;
  int64_t bytes = 0;
};

std::string SafeName(absl::string_view stem) {
  std::string out;
  for (char c : stem) out += absl::ascii_isalnum(c) || c == '-' || c == '.' || c == '_' ? c : '_';
  return out.empty() ? "dokument" : out;
}

// Draws `contents` as `kind` says into `out`: CANCELLED when the client went away.
absl::StatusOr<Printed> Stream(ChunkStream& out, ProducedDocument kind,
                               const std::vector<DocumentContent>& contents) {
  Printed printed;
  auto render = [&out, &printed](const std::vector<DocumentContent>& documents,
                                 int* pages) -> absl::StatusOr<std::string> {
    Sha256Stream hash;
    RETURN_IF_ERROR(RenderPdfTo(
        documents,
        [&](absl::string_view bytes) {
          hash.Update(bytes);
          printed.bytes += static_cast<int64_t>(bytes.size());
          return out.Add(bytes);
        },
        pages));
    return hash.Hex();
  };
  if (kind != ProducedDocument::kDunningLetterFiles) {
    ASSIGN_OR_RETURN(printed.sha256, render(contents, &printed.pages));
    return printed;
  }
  if (contents.empty()) return absl::InvalidArgumentError("nothing to print");
  for (size_t i = 0; i < contents.size(); ++i) {
    char index[16];
    std::snprintf(index, sizeof index, "%04zu", i + 1);
    const std::string name = absl::StrCat(index, "-", SafeName(contents[i].file_stem), ".pdf");
    if (!out.StartFile(name)) return absl::CancelledError("the reader went away");
    int pages = 0;
    ASSIGN_OR_RETURN(const std::string sha, render({contents[i]}, &pages));
    absl::StrAppend(&printed.manifest, sha, "  ", name, "\n");
    printed.pages += pages;
  }
  printed.sha256 = HashToHex(Sha256(printed.manifest));
  return printed;
}

grpc::Status Finish(ChunkStream& out, const Printed&, pb::DocumentReceipt receipt) {
  if (!out.Finish(receipt)) return grpc::Status(grpc::StatusCode::CANCELLED, "the reader went away");
  return grpc::Status::OK;
}

}  // namespace

absl::StatusOr<AppendResult> LedgerService::RecordProduced(const Caller& caller, const std::string& actor,
                                                           CompanyId company, const DocumentProduced& d,
                                                           bool resend) {
  // The same document from the same position is one record, however often it is asked for
  // before the journal moves on (a retry, a double click).
  Command command;
  command.meta.command_id = absl::StrCat("document-", d.source_position, "-", d.sha256.substr(0, 32));
  command.meta.actor = !caller.name.empty() ? caller.name : (actor.empty() ? "reskontra" : actor);
  command.meta.company = company;
  std::string what = absl::StrCat(static_cast<int>(d.kind), "/", d.source_position, "/", FormatDate(d.date),
                                  "/", d.routine, "/", d.handler, "/", d.original_date, "/", d.sha256);
  if (d.kind == ProducedDocument::kEInvoice || d.kind == ProducedDocument::kEInvoiceCreditNote)
    absl::StrAppend(&what, "/", d.about_position, "/", resend);
  const Hash fingerprint = Sha256(what);
  command.body = RecordDocument{d, resend};
  return core_->Execute(command, fingerprint);
}

grpc::Status LedgerService::PrintAndRecord(grpc::ServerContext* ctx, const Caller& caller,
                                           const std::string& actor, CompanyId company, DocumentProduced d,
                                           const std::vector<DocumentContent>& contents,
                                           grpc::ServerWriter<pb::ExportChunk>* writer,
                                           const std::vector<std::string>& not_printed) {
  // Sent as drawn; recorded when the hash of all of it is known. A client that gets an error
  // instead of the receipt has no document (the CLI deletes what it received).
  ChunkStream out(ctx, writer);
  absl::StatusOr<Printed> printed = Stream(out, d.kind, contents);
  if (!printed.ok()) return ToGrpc(printed.status());
  if (ctx->IsCancelled())
    return grpc::Status(grpc::StatusCode::CANCELLED, "the reader went away: nothing recorded");
  d.sha256 = printed->sha256;
  d.bytes = printed->bytes;
  d.pages = printed->pages;
  absl::StatusOr<AppendResult> recorded = RecordProduced(caller, actor, company, d);
  if (!recorded.ok()) return ToGrpc(recorded.status());
  pb::DocumentReceipt receipt = Receipt(recorded->first_position, d, recorded->replayed);
  for (const std::string& why : not_printed) receipt.add_not_printed(why);
  return Finish(out, *printed, std::move(receipt));
}

grpc::Status LedgerService::PrintInvoiceDocument(grpc::ServerContext* ctx,
                                                 const pb::PrintInvoiceDocumentRequest* r,
                                                 grpc::ServerWriter<pb::ExportChunk>* writer) {
  RESKONTRA_AUTHORIZE(ctx, *r);
  RETURN_GRPC_IF_ERROR(ValidateCompanyId(r->company()));
  RETURN_GRPC_IF_ERROR(ValidateInvoiceNumber(r->invoice_number()));
  RETURN_GRPC_IF_ERROR(ValidateText("handläggare", r->handler(), limits::kHandlerMax, false));
  if (r->original_date() && r->kind() != pb::PrintInvoiceDocumentRequest::COPY)
    return ToGrpc(absl::InvalidArgumentError("only a copy is dated with the invoice date"));
  DocumentProduced d;
  switch (r->kind()) {
    case pb::PrintInvoiceDocumentRequest::COPY:
      d.kind = ProducedDocument::kInvoiceCopy;
      break;
    case pb::PrintInvoiceDocumentRequest::REPLACEMENT:
      d.kind = ProducedDocument::kReplacementInvoice;
      break;
    case pb::PrintInvoiceDocumentRequest::CREDIT_NOTE:
      d.kind = ProducedDocument::kCreditNote;
      break;
    case pb::PrintInvoiceDocumentRequest::ANNULMENT_NOTICE:
      d.kind = ProducedDocument::kAnnulmentNotice;
      break;
    default:
      return ToGrpc(absl::InvalidArgumentError("kind is COPY, REPLACEMENT, CREDIT_NOTE or ANNULMENT_NOTICE"));
  }
  const bool notice = d.kind == ProducedDocument::kCreditNote || d.kind == ProducedDocument::kAnnulmentNotice;
  if (r->position() != 0 && !notice)
    return ToGrpc(absl::InvalidArgumentError("a position names a credit or an annulment"));
  d.invoices = {r->invoice_number()};
  d.handler = r->handler();
  d.original_date = r->original_date();
  const Date today = core_->Today();
  if (notice) return PrintNotice(ctx, caller, *r, std::move(d), writer);
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
  if (d->kind == ProducedDocument::kEInvoice || d->kind == ProducedDocument::kEInvoiceCreditNote)
    return ReproduceEInvoiceFiles(ctx, r->position(), r->company(), *d, writer);
  absl::StatusOr<std::vector<DocumentContent>> contents =
      ReprintContents(core_->projection(), core_->journal(), r->company(), *d);
  if (!contents.ok()) return ToGrpc(contents.status());
  ChunkStream out(ctx, writer);
  absl::StatusOr<Printed> printed = Stream(out, d->kind, *contents);
  if (!printed.ok()) return ToGrpc(printed.status());
  const std::string& sha = printed->sha256;
  if (sha != d->sha256)
    return ToGrpc(absl::DataLossError(
        absl::StrCat("the reprint of the document at position ", r->position(), " has SHA-256 ", sha,
                     ", the journal records ", d->sha256,
                     ": the ledger or the renderer (its fonts, cairo, pango) is not what printed it")));
  return Finish(out, *printed, Receipt(r->position(), *d, false));
}

grpc::Status LedgerService::PrintNotice(grpc::ServerContext* ctx, const Caller& caller,
                                        const pb::PrintInvoiceDocumentRequest& r, DocumentProduced d,
                                        grpc::ServerWriter<pb::ExportChunk>* writer) {
  const bool credit = d.kind == ProducedDocument::kCreditNote;
  uint64_t head = 0;
  RETURN_GRPC_IF_ERROR(core_->projection().Query([&](const LedgerState& s, uint64_t at) -> absl::Status {
    head = at;
    if (s.FindInvoice(r.company(), r.invoice_number()) == nullptr)
      return s.InvoiceNotFound(r.company(), r.invoice_number());
    return absl::OkStatus();
  }));
  // The change: the one at the position asked for, or the invoice's latest of its kind.
  absl::StatusOr<std::vector<uint64_t>> positions =
      core_->journal().StreamPositions(InvoiceStream(r.company(), r.invoice_number()));
  if (!positions.ok()) return ToGrpc(positions.status());
  for (auto p = positions->rbegin(); p != positions->rend() && d.source_position == 0; ++p) {
    if (*p > head || (r.position() != 0 && *p != r.position())) continue;
    absl::StatusOr<JournalRecord> record = core_->journal().Read(*p);
    if (!record.ok()) return ToGrpc(record.status());
    if (credit ? std::holds_alternative<InvoiceCredited>(record->event.body)
               : std::holds_alternative<InvoiceAnnulled>(record->event.body)) {
      d.source_position = *p;
      // Dated as the change: the same notice is the same record whenever it is printed.
      d.date = record->event.meta.effective_date;
    }
  }
  const std::string number = FormatInvoiceNumber(r.invoice_number());
  if (d.source_position == 0)
    return ToGrpc(absl::NotFoundError(
        r.position() != 0 ? absl::StrCat("position ", r.position(), " is not ",
                                         credit ? "a credit" : "the annulment", " of invoice ", number)
                          : absl::StrCat("invoice ", number,
                                         credit ? " has not been credited" : " has not been annulled")));
  absl::StatusOr<LedgerState> state = StateAt(core_->projection(), core_->journal(), d.source_position);
  if (!state.ok()) return ToGrpc(state.status());
  const Company* co = state->FindCompany(r.company());
  const Invoice* inv = state->FindInvoice(r.company(), r.invoice_number());
  const Customer* cu = inv != nullptr ? state->FindCustomer(r.company(), inv->customer_number) : nullptr;
  if (co == nullptr || inv == nullptr || cu == nullptr)
    return ToGrpc(
        absl::InternalError(absl::StrCat("invoice ", number, " is not in the state at its change")));
  absl::StatusOr<DocumentContent> content = InvoiceDocumentAt(core_->journal(), *co, *cu, *inv, d);
  if (!content.ok()) return ToGrpc(content.status());
  const std::vector<DocumentContent> contents{std::move(*content)};
  return PrintAndRecord(ctx, caller, r.actor(), r.company(), std::move(d), contents, writer);
}

grpc::Status LedgerService::PrintInvoices(grpc::ServerContext* ctx, const pb::PrintInvoicesRequest* r,
                                          grpc::ServerWriter<pb::ExportChunk>* writer) {
  RESKONTRA_AUTHORIZE(ctx, *r);
  RETURN_GRPC_IF_ERROR(ValidateCompanyId(r->company()));
  RETURN_GRPC_IF_ERROR(ValidateText("handläggare", r->handler(), limits::kHandlerMax, false));
  if (r->invoice_numbers_size() < 1 || r->invoice_numbers_size() > limits::kPrintInvoicesMax)
    return ToGrpc(absl::InvalidArgumentError(
        absl::StrCat("print 1..", limits::kPrintInvoicesMax, " invoices at a time")));
  RETURN_GRPC_IF_ERROR(CheckInvoiceNumbers(r->invoice_numbers()));
  DocumentProduced d;
  d.kind = ProducedDocument::kInvoices;
  d.handler = r->handler();
  d.date = core_->Today();
  std::vector<std::string> not_printed;
  int64_t left_out = 0;
  std::optional<Company> co;
  // Each customer once, with what a document prints of it (not its list of claims).
  absl::flat_hash_map<std::string, Customer> customers;
  std::vector<Invoice> items;
  RETURN_GRPC_IF_ERROR(core_->projection().Query([&](const LedgerState& s, uint64_t at) -> absl::Status {
    const Company* c = s.FindCompany(r->company());
    if (c == nullptr)
      return absl::NotFoundError(absl::StrCat("company ", r->company(), " is not registered"));
    co = *c;
    for (int64_t n : r->invoice_numbers()) {
      const Invoice* inv = s.FindInvoice(r->company(), n);
      if (inv == nullptr) return s.InvoiceNotFound(r->company(), n);
      if (absl::Status printable = InvoicePrintable(*c, *inv, d.date); !printable.ok()) {
        if (++left_out <= limits::kNotPrintedListed) not_printed.emplace_back(printable.message());
        continue;
      }
      if (!customers.contains(inv->customer_number)) {
        const Customer* cu = s.FindCustomer(r->company(), inv->customer_number);
        if (cu == nullptr) return absl::InternalError("an invoice without its customer");
        Customer& copy = customers[inv->customer_number];
        copy.company = cu->company;
        copy.number = cu->number;
        copy.details = cu->details;
      }
      items.push_back(*inv);
      d.invoices.push_back(n);
    }
    d.source_position = at;
    return absl::OkStatus();
  }));
  if (left_out > limits::kNotPrintedListed)
    not_printed.push_back(absl::StrCat("… and ", left_out - limits::kNotPrintedListed, " more"));
  if (items.empty())
    return ToGrpc(
        absl::FailedPreconditionError(absl::StrCat("nothing to print: ", absl::StrJoin(not_printed, "; "))));
  std::vector<DocumentContent> contents;
  for (const Invoice& inv : items) {
    absl::StatusOr<DocumentContent> content =
        InvoiceDocumentAt(core_->journal(), *co, customers.at(inv.customer_number), inv, d);
    if (!content.ok()) return ToGrpc(content.status());
    contents.push_back(std::move(*content));
  }
  return PrintAndRecord(ctx, caller, r->actor(), r->company(), std::move(d), contents, writer, not_printed);
}

grpc::Status LedgerService::PrintPlan(grpc::ServerContext* ctx, const pb::PrintPlanRequest* r,
                                      grpc::ServerWriter<pb::ExportChunk>* writer) {
  RESKONTRA_AUTHORIZE(ctx, *r);
  RETURN_GRPC_IF_ERROR(ValidateCompanyId(r->company()));
  RETURN_GRPC_IF_ERROR(ValidateText("handläggare", r->handler(), limits::kHandlerMax, false));
  RETURN_GRPC_IF_ERROR(
      ValidateText("customer number", r->customer_number(), limits::kCustomerNumberMax, true));
  RETURN_GRPC_IF_ERROR(ValidateText("plan", r->plan_id(), limits::kCommandIdMax, true));
  DocumentProduced d;
  d.kind = ProducedDocument::kAmortisationPlan;
  d.handler = r->handler();
  uint64_t head = 0;
  RETURN_GRPC_IF_ERROR(core_->projection().Query([&](const LedgerState& s, uint64_t at) -> absl::Status {
    const Customer* cu = s.FindCustomer(r->company(), r->customer_number());
    if (cu == nullptr)
      return absl::NotFoundError(absl::StrCat("customer ", r->customer_number(), " is not registered"));
    const AmortizationPlan* plan = cu->FindPlan(r->plan_id());
    if (plan == nullptr)
      return absl::NotFoundError(
          absl::StrCat("customer ", r->customer_number(), " has no amortisation plan ", r->plan_id()));
    d.invoices = plan->plan.invoices;
    head = at;
    return absl::OkStatus();
  }));
  absl::StatusOr<std::vector<uint64_t>> positions =
      core_->journal().StreamPositions(CustomerStream(r->company(), r->customer_number()));
  if (!positions.ok()) return ToGrpc(positions.status());
  for (auto p = positions->rbegin(); p != positions->rend() && d.source_position == 0; ++p) {
    if (*p > head) continue;
    absl::StatusOr<JournalRecord> record = core_->journal().Read(*p);
    if (!record.ok()) return ToGrpc(record.status());
    if (const auto* plan = std::get_if<AmortizationPlanEstablished>(&record->event.body);
        plan != nullptr && plan->plan_id == r->plan_id()) {
      d.source_position = *p;
      d.date = record->event.meta.effective_date;  // dated as the plan: one record however often printed
    }
  }
  if (d.source_position == 0)
    return ToGrpc(
        absl::InternalError(absl::StrCat("the record of plan ", r->plan_id(), " is not in the journal")));
  absl::StatusOr<DocumentContent> content =
      PlanDocumentAt(core_->projection(), core_->journal(), r->company(), d);
  if (!content.ok()) return ToGrpc(content.status());
  const std::vector<DocumentContent> contents{std::move(*content)};
  return PrintAndRecord(ctx, caller, r->actor(), r->company(), std::move(d), contents, writer);
}

grpc::Status LedgerService::PrintList(grpc::ServerContext* ctx, const pb::PrintListRequest* r,
                                      grpc::ServerWriter<pb::ExportChunk>* writer) {
  RESKONTRA_AUTHORIZE(ctx, *r);
  ListContent list;
  switch (r->list_case()) {
    case pb::PrintListRequest::kKontrollista: {
      pb::DunningReceipt receipt;
      RETURN_GRPC_IF_ERROR(DunningKontrollista(r->kontrollista(), &receipt));
      std::string name;
      if (grpc::Status found =
              QueryCompany(r->kontrollista().ctx().company(), [&](const Company& c) { name = c.name; });
          !found.ok())
        return found;
      list = KontrollistaList(receipt, name, core_->Today());
      break;
    }
    case pb::PrintListRequest::kInbetalningslista: {
      pb::PaymentListResponse answer;
      RETURN_GRPC_IF_ERROR(PaymentListOf(r->inbetalningslista(), &answer));
      list = InbetalningsList(r->inbetalningslista(), answer, core_->Today());
      const pb::PaymentListRequest& q = r->inbetalningslista();
      if (std::max(q.company_from(), 1) == q.company_to()) {  // one company: its name
        if (grpc::Status found =
                QueryCompany(q.company_to(), [&](const Company& c) { list.company = c.name; });
            !found.ok())
          return found;
      }
      break;
    }
    default:
      return ToGrpc(absl::InvalidArgumentError("name the list: kontrollista or inbetalningslista"));
  }
  absl::StatusOr<std::string> pdf = RenderListPdf(list);
  if (!pdf.ok()) return ToGrpc(pdf.status());
  return WriteChunks(ctx, *pdf, writer);
}

}  // namespace reskontra
