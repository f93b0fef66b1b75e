// The audit handlers: the saldolista and kundfordringar on both time axes, their exports, an
// invoice's trail, and the chain head an auditor writes down.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "replay/asof.h"
#include "replay/export.h"
#include "services/ledger_service.h"
#include "services/limits.h"

namespace reskontra {

absl::Status LedgerService::WithAuditSource(const pb::SaldolistaRequest& r, const AuditSourceFn& f) {
  ASSIGN_OR_RETURN(AsOf as_of, ToAsOf(r.as_of()));
  uint64_t up_to = 0;
  if (!as_of.effective_on && !as_of.known_at && r.method().empty()) {
    return core_->projection().Query([&](const LedgerState& s, uint64_t at) { return f(s, nullptr, at); });
  }
  RETURN_IF_ERROR(core_->projection().Query([&](const LedgerState&, uint64_t at) {
    up_to = at;
    return absl::OkStatus();
  }));
  ASSIGN_OR_RETURN(AsOfResult folded, FoldAsOf(core_->journal(), up_to, as_of));
  return f(folded.fold.state(), &folded.fold, folded.position);
}

grpc::Status LedgerService::Saldolista(grpc::ServerContext*, const pb::SaldolistaRequest* r,
                                       pb::SaldolistaResponse* out) {
  absl::StatusOr<SaldolistaFilter> filter = ToFilter(*r);
  if (!filter.ok()) return ToGrpc(filter.status());
  return ToGrpc(
      WithAuditSource(*r, [&](const LedgerState& s, const AsOfFold* fold, uint64_t at) -> absl::Status {
        ASSIGN_OR_RETURN(reskontra::Saldolista list, BuildSaldolista(s, *filter, fold));
        *out = ToProto(list, r->totals_only() ? 0 : limits::kSaldolistaRowsMax);
        if (r->totals_only()) out->set_truncated(false);
        out->set_known_at(r->as_of().known_at());
        out->set_position(at);
        return absl::OkStatus();
      }));
}

grpc::Status LedgerService::AgedReceivables(grpc::ServerContext*, const pb::SaldolistaRequest* r,
                                            pb::AgedReceivablesResponse* out) {
  absl::StatusOr<SaldolistaFilter> filter = ToFilter(*r);
  if (!filter.ok()) return ToGrpc(filter.status());
  const Date today = core_->Today();
  return ToGrpc(
      WithAuditSource(*r, [&](const LedgerState& s, const AsOfFold* fold, uint64_t at) -> absl::Status {
        ASSIGN_OR_RETURN(reskontra::AgedReceivables aged, BuildAgedReceivables(s, *filter, fold, today));
        *out = ToProto(aged);
        out->set_position(at);
        return absl::OkStatus();
      }));
}

grpc::Status LedgerService::Export(grpc::ServerContext* ctx, const pb::ExportRequest* r,
                                   grpc::ServerWriter<pb::ExportChunk>* writer) {
  absl::StatusOr<SaldolistaFilter> filter = ToFilter(r->selection());
  if (!filter.ok()) return ToGrpc(filter.status());
  if (r->report() != pb::EXPORT_REPORT_SALDOLISTA && r->report() != pb::EXPORT_REPORT_KUNDFORDRINGAR)
    return ToGrpc(absl::InvalidArgumentError("unknown report"));
  if (r->format() != pb::EXPORT_FORMAT_CSV && r->format() != pb::EXPORT_FORMAT_XLSX)
    return ToGrpc(absl::InvalidArgumentError("unknown export format"));
  if (r->report() == pb::EXPORT_REPORT_KUNDFORDRINGAR && r->format() != pb::EXPORT_FORMAT_CSV)
    return ToGrpc(absl::InvalidArgumentError("kundfordringar export only as CSV"));
  const Date today = core_->Today();
  std::string bytes;
  absl::Status built = WithAuditSource(
      r->selection(), [&](const LedgerState& s, const AsOfFold* fold, uint64_t) -> absl::Status {
        if (r->report() == pb::EXPORT_REPORT_KUNDFORDRINGAR) {
          ASSIGN_OR_RETURN(reskontra::AgedReceivables aged, BuildAgedReceivables(s, *filter, fold, today));
          bytes = AgedReceivablesCsv(aged);
          return absl::OkStatus();
        }
        ASSIGN_OR_RETURN(reskontra::Saldolista list, BuildSaldolista(s, *filter, fold));
        if (r->format() == pb::EXPORT_FORMAT_XLSX) {
          ASSIGN_OR_RETURN(bytes, SaldolistaXlsx(list, r->selection().totals_only()));
        } else {
          bytes = SaldolistaCsv(list, r->selection().totals_only());
        }
        return absl::OkStatus();
      });
  if (!built.ok()) return ToGrpc(built);
  for (size_t at = 0; at < bytes.size(); at += limits::kExportChunkBytes) {
    if (ctx->IsCancelled()) return grpc::Status(grpc::StatusCode::CANCELLED, "export cancelled");
    pb::ExportChunk chunk;
    chunk.set_data(bytes.substr(at, limits::kExportChunkBytes));
    if (!writer->Write(chunk)) return grpc::Status(grpc::StatusCode::CANCELLED, "the reader went away");
  }
  return grpc::Status::OK;
}

grpc::Status LedgerService::AuditTrail(grpc::ServerContext*, const pb::AuditTrailRequest* r,
                                       pb::AuditTrailResponse* out) {
  if (r->company() < 1 || r->company() > 999 || r->invoice_number() < 1 || r->invoice_number() > 999'999'999)
    return ToGrpc(absl::InvalidArgumentError("company 1..999 and a 9-digit invoice number are required"));
  absl::Status known = core_->projection().Query([&](const LedgerState& s, uint64_t) {
    if (s.FindInvoice(r->company(), r->invoice_number()) == nullptr)
      return absl::NotFoundError(absl::StrCat("invoice ", FormatInvoiceNumber(r->invoice_number()),
                                              " not found in company ", r->company()));
    return absl::OkStatus();
  });
  if (!known.ok()) return ToGrpc(known);
  const Journal& journal = core_->journal();
  absl::StatusOr<std::vector<uint64_t>> positions =
      journal.StreamPositions(InvoiceStream(r->company(), r->invoice_number()));
  if (!positions.ok()) return ToGrpc(positions.status());
  for (uint64_t p : *positions) {
    absl::Status s = journal.Scan(p, p, [&](const JournalRecord& rec, absl::string_view bytes) {
      *out->add_events() = ToProto(rec, bytes);
      return true;
    });
    if (!s.ok()) return ToGrpc(s);
  }
  return grpc::Status::OK;
}

}  // namespace reskontra
