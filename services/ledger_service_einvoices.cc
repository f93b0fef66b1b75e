// E-invoices out (issue 26): invoices, räntefakturor and credit notes as Peppol BIS Billing 3.0
// UBL, decided by domain/einvoice.h from the journal, written by formats/ubl_write.h, recorded in
// the journal (DocumentProduced with the SHA-256) and put in the folder an access point reads.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <optional>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"
#include "domain/ids.h"
#include "domain/limits.h"
#include "formats/ubl_write.h"
#include "replay/documents.h"
#include "services/ledger_service.h"
#include "services/limits.h"

namespace reskontra {

namespace {

struct EInvoiceFile {
  std::string name;  // "020001001-efaktura.xml"
  std::string xml;
  std::string sha256;
};

// The files and what the journal records of them: the SHA-256 of their manifest (sha256sum's
// lines, in order), as for a run's letter files, so `sha256sum -c SHA256SUMS` checks them.
absl::StatusOr<std::vector<EInvoiceFile>> Write(const std::vector<EInvoice>& invoices, DocumentProduced& d) {
  std::vector<EInvoiceFile> files;
  std::string manifest;
  d.bytes = 0;
  for (const EInvoice& e : invoices) {
    ASSIGN_OR_RETURN(std::string xml, WriteUblInvoice(e));
    EInvoiceFile f{absl::StrCat(e.file_stem, ".xml"), std::move(xml), ""};
    f.sha256 = HashToHex(Sha256(f.xml));
    absl::StrAppend(&manifest, f.sha256, "  ", f.name, "\n");
    d.bytes += static_cast<int64_t>(f.xml.size());
    files.push_back(std::move(f));
  }
  d.sha256 = HashToHex(Sha256(manifest));
  return files;
}

bool Send(grpc::ServerWriter<pb::ExportChunk>* writer, const std::vector<EInvoiceFile>& files) {
  for (const EInvoiceFile& f : files) {
    absl::string_view rest = f.xml;
    bool first = true;
    while (first || !rest.empty()) {
      pb::ExportChunk chunk;
      if (first) chunk.set_file_name(f.name);
      const size_t take = std::min(rest.size(), limits::kExportChunkBytes);
      chunk.set_data(std::string(rest.substr(0, take)));
      rest.remove_prefix(take);
      first = false;
      if (!writer->Write(chunk)) return false;
    }
  }
  return true;
}

// `bytes` written to `path`, a name no one else uses (O_EXCL), and synced; nothing left on failure.
absl::Status WriteSynced(const std::filesystem::path& path, absl::string_view bytes) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return absl::InternalError(absl::StrCat("cannot write ", path.string()));
  bool ok = true;
  for (size_t done = 0; ok && done < bytes.size();) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    ok = n > 0;
    done += ok ? static_cast<size_t>(n) : 0;
  }
  ok = ok && ::fsync(fd) == 0;
  ok = ::close(fd) == 0 && ok;
  if (!ok) {
    ::unlink(path.c_str());
    return absl::InternalError(absl::StrCat("cannot write ", path.string()));
  }
  return absl::OkStatus();
}

// The folder's entries (the renames) made durable.
absl::Status SyncDirectory(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  const bool ok = fd >= 0 && ::fsync(fd) == 0;
  if (fd >= 0) ::close(fd);
  return ok ? absl::OkStatus() : absl::InternalError(absl::StrCat("cannot sync ", dir));
}

// When invoice `n` was made into an e-invoice of `kind` before (a credit note: of the credit at
// `credit_position`), by the DocumentProduced records on its stream.
std::optional<Date> SentBefore(const std::vector<Event>& events, InvoiceNumber n, ProducedDocument kind,
                               uint64_t credit_position) {
  for (const Event& e : events) {
    const auto* d = std::get_if<DocumentProduced>(&e.body);
    if (d == nullptr || d->kind != kind) continue;
    if (kind == ProducedDocument::kEInvoiceCreditNote && d->about_position != credit_position) continue;
    if (std::find(d->invoices.begin(), d->invoices.end(), n) != d->invoices.end())
      return e.meta.effective_date;
  }
  return std::nullopt;
}

pb::DocumentReceipt Receipt(uint64_t position, const DocumentProduced& d, bool replayed) {
  pb::DocumentReceipt r;
  r.set_position(position);
  r.set_sha256(d.sha256);
  r.set_bytes(d.bytes);
  r.set_replayed(replayed);
  return r;
}

}  // namespace

grpc::Status LedgerService::ProduceEInvoices(grpc::ServerContext* ctx, const pb::ProduceEInvoicesRequest* r,
                                             grpc::ServerWriter<pb::ExportChunk>* writer) {
  RESKONTRA_AUTHORIZE(ctx, *r);
  RETURN_GRPC_IF_ERROR(ValidateCompanyId(r->company()));
  if (r->invoice_numbers_size() < 1 || r->invoice_numbers_size() > limits::kPrintInvoicesMax)
    return ToGrpc(absl::InvalidArgumentError(
        absl::StrCat("e-invoice 1..", limits::kPrintInvoicesMax, " invoices at a time")));
  if (r->credit_note() && r->invoice_numbers_size() != 1)
    return ToGrpc(absl::InvalidArgumentError("a credit note is of one invoice"));
  if (!r->credit_note() && r->position() != 0)
    return ToGrpc(absl::InvalidArgumentError("a position names the credit of a credit note"));
  RETURN_GRPC_IF_ERROR(CheckInvoiceNumbers(r->invoice_numbers()));
  DocumentProduced d;
  d.kind = r->credit_note() ? ProducedDocument::kEInvoiceCreditNote : ProducedDocument::kEInvoice;
  d.date = core_->Today();
  d.invoices.assign(r->invoice_numbers().begin(), r->invoice_numbers().end());

  // The company, customers and invoices as the live state has them, and the position it
  // includes; their events up to there are read after the query, when they are durable.
  std::optional<Company> co;
  std::vector<std::pair<Customer, Invoice>> items;
  RETURN_GRPC_IF_ERROR(core_->projection().Query([&](const LedgerState& s, uint64_t at) -> absl::Status {
    const Company* c = s.FindCompany(r->company());
    if (c == nullptr)
      return absl::NotFoundError(absl::StrCat("company ", r->company(), " is not registered"));
    co = *c;
    for (InvoiceNumber n : d.invoices) {
      const Invoice* inv = s.FindInvoice(r->company(), n);
      if (inv == nullptr) return s.InvoiceNotFound(r->company(), n);
      const Customer* cu = s.FindCustomer(r->company(), inv->customer_number);
      if (cu == nullptr) return absl::InternalError("an invoice without its customer");
      Customer who;
      who.company = cu->company;
      who.number = cu->number;
      who.details = cu->details;
      items.emplace_back(std::move(who), *inv);
    }
    d.source_position = at;
    return absl::OkStatus();
  }));
  std::vector<EInvoice> invoices;
  for (const auto& [cu, inv] : items) {
    absl::StatusOr<std::vector<Event>> events =
        InvoiceDocumentEvents(core_->journal(), r->company(), inv.number, d.source_position);
    if (!events.ok()) return ToGrpc(events.status());
    if (r->credit_note()) {
      // The credit: the one at the position asked for, or the invoice's latest.
      absl::StatusOr<std::vector<uint64_t>> positions =
          core_->journal().StreamPositions(InvoiceStream(r->company(), inv.number));
      if (!positions.ok()) return ToGrpc(positions.status());
      for (auto p = positions->rbegin(); p != positions->rend() && d.about_position == 0; ++p) {
        if (*p > d.source_position || (r->position() != 0 && *p != r->position())) continue;
        absl::StatusOr<JournalRecord> record = core_->journal().Read(*p);
        if (!record.ok()) return ToGrpc(record.status());
        if (std::holds_alternative<InvoiceCredited>(record->event.body)) {
          d.about_position = *p;
          d.date = record->event.meta.effective_date;  // the credit note is dated as the credit
        }
      }
      const std::string number = FormatInvoiceNumber(inv.number);
      if (d.about_position == 0)
        return ToGrpc(absl::NotFoundError(
            r->position() != 0
                ? absl::StrCat("position ", r->position(), " is not a credit of invoice ", number)
                : absl::StrCat("invoice ", number, " has not been credited")));
      if (!r->resend())
        if (std::optional<Date> sent =
                SentBefore(*events, inv.number, ProducedDocument::kEInvoiceCreditNote, d.about_position))
          return ToGrpc(absl::FailedPreconditionError(absl::StrCat(
              "the credit of invoice ", number, " at position ", d.about_position,
              " was sent as an e-invoice credit note on ", FormatDate(*sent), ": resend to send it again")));
      absl::StatusOr<EInvoice> e = EInvoiceAt(core_->journal(), *co, cu, inv, d);
      if (!e.ok()) return ToGrpc(e.status());
      invoices.push_back(std::move(*e));
      continue;
    }
    if (!r->resend())
      if (std::optional<Date> sent = SentBefore(*events, inv.number, ProducedDocument::kEInvoice, 0))
        return ToGrpc(absl::FailedPreconditionError(
            absl::StrCat("invoice ", FormatInvoiceNumber(inv.number), " was sent as an e-invoice on ",
                         FormatDate(*sent), ": resend to send it again")));
    absl::StatusOr<EInvoice> e = EInvoiceFor(*co, cu, inv, d, *events);
    if (!e.ok()) return ToGrpc(e.status());
    invoices.push_back(std::move(*e));
  }
  absl::StatusOr<std::vector<EInvoiceFile>> files = Write(invoices, d);
  if (!files.ok()) return ToGrpc(files.status());

  // The access point's folder: each file written whole and synced under a name it does not take
  // (".part"), then the record, then all renamed at once: a file there is always in the journal,
  // and a failure leaves none of them half sent.
  // Each call's parts carry its own suffix, so two calls for the same invoice never share one.
  std::vector<std::pair<std::filesystem::path, std::filesystem::path>> parts;  // part, final name
  auto drop_parts = [&parts] {
    std::error_code ignored;
    for (const auto& [part, final_name] : parts) std::filesystem::remove(part, ignored);
  };
  static std::atomic<uint64_t> call_number{0};
  const std::string suffix = absl::StrCat(".", ::getpid(), "-", ++call_number, ".part");
  if (!einvoice_dir_.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(einvoice_dir_, ec);
    if (ec)
      return ToGrpc(absl::FailedPreconditionError(
          absl::StrCat("the e-invoice folder ", einvoice_dir_, " cannot be made: ", ec.message())));
    for (const EInvoiceFile& f : *files) {
      // Company first: one access point folder may serve several companies.
      const std::filesystem::path final_name =
          std::filesystem::path(einvoice_dir_) / absl::StrCat(r->company(), "-", f.name);
      const std::filesystem::path part = final_name.string() + suffix;
      absl::Status written = WriteSynced(part, f.xml);
      if (!written.ok()) {
        drop_parts();
        return ToGrpc(written);
      }
      parts.emplace_back(part, final_name);
    }
  }
  absl::StatusOr<AppendResult> recorded = RecordProduced(caller, r->actor(), r->company(), d, r->resend());
  if (!recorded.ok()) {
    drop_parts();
    return ToGrpc(recorded.status());
  }
  if (recorded->replayed) {  // the same call recorded by another: its files are placed by it
    drop_parts();
    parts.clear();
  }
  // Every file placed that can be; what could not be is named with the record, to send again.
  std::vector<std::string> not_placed;
  for (const auto& [part, final_name] : parts) {
    std::error_code ec;
    std::filesystem::rename(part, final_name, ec);
    if (ec) not_placed.push_back(absl::StrCat(final_name.filename().string(), " (", ec.message(), ")"));
  }
  absl::Status synced = parts.empty() ? absl::OkStatus() : SyncDirectory(einvoice_dir_);
  if (!not_placed.empty() || !synced.ok())
    return ToGrpc(absl::InternalError(absl::StrCat(
        "recorded at position ", recorded->first_position, ", but ",
        not_placed.empty()
            ? std::string(synced.message())
            : absl::StrCat("not placed in ", einvoice_dir_, ": ", absl::StrJoin(not_placed, ", ")),
        ": send again with resend")));
  if (!Send(writer, *files)) return grpc::Status(grpc::StatusCode::CANCELLED, "the reader went away");
  pb::ExportChunk last;
  *last.mutable_document() = Receipt(recorded->first_position, d, recorded->replayed);
  if (!writer->Write(last)) return grpc::Status(grpc::StatusCode::CANCELLED, "the reader went away");
  return grpc::Status::OK;
}

grpc::Status LedgerService::ReproduceEInvoiceFiles(grpc::ServerContext*, uint64_t position, CompanyId company,
                                                   const DocumentProduced& d,
                                                   grpc::ServerWriter<pb::ExportChunk>* writer) {
  absl::StatusOr<std::vector<EInvoice>> invoices =
      ReproduceEInvoices(core_->projection(), core_->journal(), company, d);
  if (!invoices.ok()) return ToGrpc(invoices.status());
  DocumentProduced again = d;
  absl::StatusOr<std::vector<EInvoiceFile>> files = Write(*invoices, again);
  if (!files.ok()) return ToGrpc(files.status());
  if (again.sha256 != d.sha256)
    return ToGrpc(absl::DataLossError(absl::StrCat("the e-invoices recorded at position ", position,
                                                   " made again have SHA-256 ", again.sha256,
                                                   ", the journal records ", d.sha256)));
  if (!Send(writer, *files)) return grpc::Status(grpc::StatusCode::CANCELLED, "the reader went away");
  pb::ExportChunk last;
  *last.mutable_document() = Receipt(position, d, false);
  if (!writer->Write(last)) return grpc::Status(grpc::StatusCode::CANCELLED, "the reader went away");
  return grpc::Status::OK;
}

}  // namespace reskontra
