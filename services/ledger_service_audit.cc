// The audit handlers: the saldolista and kundfordringar on both time axes, their exports, an
// invoice's trail, and the chain head an auditor writes down.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "domain/archive.h"
#include "domain/limits.h"
#include "domain/profitability.h"
#include "formats/sie.h"
#include "replay/asof.h"
#include "replay/export.h"
#include "services/ledger_service.h"
#include "services/limits.h"

namespace reskontra {
grpc::Status WriteChunks(grpc::ServerContext* ctx, const std::string& bytes,
                         grpc::ServerWriter<pb::ExportChunk>* writer, const pb::DocumentReceipt* receipt) {
  for (size_t at = 0; at < bytes.size(); at += limits::kExportChunkBytes) {
    if (ctx->IsCancelled()) return grpc::Status(grpc::StatusCode::CANCELLED, "export cancelled");
    pb::ExportChunk chunk;
    chunk.set_data(bytes.substr(at, limits::kExportChunkBytes));
    if (receipt != nullptr && at + limits::kExportChunkBytes >= bytes.size())
      *chunk.mutable_document() = *receipt;
    if (!writer->Write(chunk)) return grpc::Status(grpc::StatusCode::CANCELLED, "the reader went away");
  }
  return grpc::Status::OK;
}

absl::Status LedgerService::WithAuditSource(const pb::SaldolistaRequest& r, const SaldolistaFilter& filter,
                                            const AsOfSourceFn& f) {
  ASSIGN_OR_RETURN(AsOf as_of, ToAsOf(r.as_of()));
  CompanyId company_from = 1, company_to = limits::kCompanyIdMax;
  if (!as_of.known_at && r.method().empty()) {
    company_from = filter.company_from;
    company_to = filter.company_to;
  }
  return WithAsOfSource(core_->projection(), core_->journal(), as_of, company_from, company_to,
                        /*needs_fold=*/!r.method().empty(), f);
}

grpc::Status LedgerService::Saldolista(grpc::ServerContext* ctx, const pb::SaldolistaRequest* r,
                                       pb::SaldolistaResponse* out) {
  RESKONTRA_AUTHORIZE(ctx, *r);
  absl::StatusOr<SaldolistaFilter> filter = ToFilter(*r);
  if (!filter.ok()) return ToGrpc(filter.status());
  if (r->row_offset() < 0 || r->row_offset() > limits::kSaldolistaOffsetMax)
    return ToGrpc(absl::InvalidArgumentError(
        absl::StrCat("row_offset is 0..", limits::kSaldolistaOffsetMax, " (the rows before the page)")));
  if (r->row_limit() < 0 || static_cast<size_t>(r->row_limit()) > limits::kSaldolistaRowsMax)
    return ToGrpc(absl::InvalidArgumentError(
        absl::StrCat("row_limit is 0..", limits::kSaldolistaRowsMax, " (0: as many as an answer holds)")));
  return ToGrpc(WithAuditSource(
      *r, *filter,
      [&](const LedgerState& s, std::optional<Date> on, const AsOfFold* fold, uint64_t at,
          const ArchivedInvoices* archived) -> absl::Status {
        const size_t rows = r->totals_only()     ? 0
                            : r->row_limit() > 0 ? static_cast<size_t>(r->row_limit())
                                                 : limits::kSaldolistaRowsMax;
        ASSIGN_OR_RETURN(reskontra::Saldolista list, BuildSaldolista(s, *filter, on, fold, archived, rows,
                                                                     static_cast<size_t>(r->row_offset())));
        *out = ToProto(list, rows);
        if (r->totals_only()) out->set_truncated(false);
        out->set_known_at(r->as_of().known_at());
        out->set_position(at);
        return absl::OkStatus();
      }));
}

grpc::Status LedgerService::AgedReceivables(grpc::ServerContext* ctx, const pb::SaldolistaRequest* r,
                                            pb::AgedReceivablesResponse* out) {
  RESKONTRA_AUTHORIZE(ctx, *r);
  absl::StatusOr<SaldolistaFilter> filter = ToFilter(*r);
  if (!filter.ok()) return ToGrpc(filter.status());
  const Date today = core_->Today();
  return ToGrpc(WithAuditSource(*r, *filter,
                                [&](const LedgerState& s, std::optional<Date> on, const AsOfFold* fold,
                                    uint64_t at, const ArchivedInvoices* archived) -> absl::Status {
                                  ASSIGN_OR_RETURN(
                                      reskontra::AgedReceivables aged,
                                      BuildAgedReceivables(s, *filter, on, today, fold, archived));
                                  *out = ToProto(aged);
                                  out->set_position(at);
                                  return absl::OkStatus();
                                }));
}

grpc::Status LedgerService::Export(grpc::ServerContext* ctx, const pb::ExportRequest* r,
                                   grpc::ServerWriter<pb::ExportChunk>* writer) {
  RESKONTRA_AUTHORIZE(ctx, *r);
  absl::StatusOr<SaldolistaFilter> filter = ToFilter(r->selection());
  if (!filter.ok()) return ToGrpc(filter.status());
  if (r->report() == pb::EXPORT_REPORT_SIE) {
    absl::StatusOr<std::string> sie = ExportSie(*r);
    if (!sie.ok()) return ToGrpc(sie.status());
    return WriteChunks(ctx, *sie, writer);
  }
  if (r->report() != pb::EXPORT_REPORT_SALDOLISTA && r->report() != pb::EXPORT_REPORT_KUNDFORDRINGAR)
    return ToGrpc(absl::InvalidArgumentError("unknown report"));
  if (r->format() != pb::EXPORT_FORMAT_CSV && r->format() != pb::EXPORT_FORMAT_XLSX)
    return ToGrpc(absl::InvalidArgumentError("unknown export format"));
  if (r->report() == pb::EXPORT_REPORT_KUNDFORDRINGAR && r->format() != pb::EXPORT_FORMAT_CSV)
    return ToGrpc(absl::InvalidArgumentError("kundfordringar export only as CSV"));
  const Date today = core_->Today();
  std::string bytes;
  absl::Status built = WithAuditSource(
      r->selection(), *filter,
      [&](const LedgerState& s, std::optional<Date> on, const AsOfFold* fold, uint64_t,
          const ArchivedInvoices* archived) -> absl::Status {
        if (r->report() == pb::EXPORT_REPORT_KUNDFORDRINGAR) {
          ASSIGN_OR_RETURN(reskontra::AgedReceivables aged,
                           BuildAgedReceivables(s, *filter, on, today, fold, archived));
          bytes = AgedReceivablesCsv(aged);
          return absl::OkStatus();
        }
        ASSIGN_OR_RETURN(reskontra::Saldolista list, BuildSaldolista(s, *filter, on, fold, archived));
        if (r->format() == pb::EXPORT_FORMAT_XLSX) {
          ASSIGN_OR_RETURN(bytes, SaldolistaXlsx(list, r->selection().totals_only()));
        } else {
          bytes = SaldolistaCsv(list, r->selection().totals_only());
        }
        return absl::OkStatus();
      });
  if (!built.ok()) return ToGrpc(built);
  return WriteChunks(ctx, bytes, writer);
}

grpc::Status LedgerService::AuditTrail(grpc::ServerContext* ctx, const pb::AuditTrailRequest* r,
                                       pb::AuditTrailResponse* out) {
  RESKONTRA_AUTHORIZE(ctx, *r);
  if (r->company() < 1 || r->company() > limits::kCompanyIdMax || r->invoice_number() < 1 ||
      r->invoice_number() > limits::kInvoiceNumberMax)
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

absl::StatusOr<uint64_t> LedgerService::FoldPostingsUpTo(std::optional<absl::Time> known_at,
                                                         PostingFold& fold) {
  uint64_t up_to = 0;
  RETURN_IF_ERROR(core_->projection().Query([&](const LedgerState&, uint64_t at) {
    up_to = at;
    return absl::OkStatus();
  }));
  return FoldPostings(core_->journal(), up_to, known_at, fold);
}

absl::StatusOr<std::string> LedgerService::ExportSie(const pb::ExportRequest& r) {
  const CompanyId company = r.selection().company_from();
  if (company < 1 || company > limits::kCompanyIdMax)
    return absl::InvalidArgumentError("SIE export needs the company (company_from)");
  ASSIGN_OR_RETURN(AsOf as_of, ToAsOf(r.selection().as_of()));
  ASSIGN_OR_RETURN(std::optional<Date> to, OptionalDate(r.period_to(), "period to"));
  ASSIGN_OR_RETURN(std::optional<Date> from, OptionalDate(r.period_from(), "period from"));
  const Date today = core_->Today();
  if (!to) to = today;
  if (!from) from = Date(to->year(), 1, 1);
  RETURN_IF_ERROR(CheckDateInRange(*from, "period from"));
  RETURN_IF_ERROR(CheckDateInRange(*to, "period to"));
  if (*to < *from) return absl::InvalidArgumentError("the period ends before it starts");
  if (from->year() != to->year())
    return absl::InvalidArgumentError("an SIE period lies within one fiscal year");
  PostingFold fold;
  RETURN_IF_ERROR(FoldPostingsUpTo(as_of.known_at, fold).status());
  const Company* co = fold.state().FindCompany(company);
  if (co == nullptr) return absl::NotFoundError(absl::StrCat("company ", company, " is not registered"));
  return Sie4(*co, fold.verifikationer(), *from, *to, today);
}

grpc::Status LedgerService::Postings(grpc::ServerContext* ctx, const pb::PostingsRequest* r,
                                     pb::PostingsResponse* out) {
  RESKONTRA_AUTHORIZE(ctx, *r);
  absl::StatusOr<AsOf> as_of = ToAsOf(r->as_of());
  if (!as_of.ok()) return ToGrpc(as_of.status());
  absl::StatusOr<DateRange> range = ToRange(r->date_from(), r->date_to(), "date");
  if (!range.ok()) return ToGrpc(range.status());
  if (r->company() < 1 || r->company() > limits::kCompanyIdMax)
    return ToGrpc(absl::InvalidArgumentError("company 1..999 is required"));
  PostingFold fold;
  absl::StatusOr<uint64_t> at = FoldPostingsUpTo(as_of->known_at, fold);
  if (!at.ok()) return ToGrpc(at.status());
  out->set_position(*at);
  for (const Verifikation& v : fold.verifikationer()) {
    if (v.company != r->company() || !range->Contains(v.date)) continue;
    if (r->invoice_number() != 0 && std::none_of(v.lines.begin(), v.lines.end(), [&](const PostingLine& l) {
          return l.invoice == r->invoice_number();
        }))
      continue;
    if (static_cast<size_t>(out->verifikationer_size()) >= limits::kSaldolistaRowsMax) {
      out->set_truncated(true);
      break;
    }
    *out->add_verifikationer() = ToProto(v);
  }
  const AccountBalances balances = BalancesOf(fold, range->to);
  for (const auto& [key, amount] : balances.accounts) {
    if (key.first != r->company()) continue;
    pb::AccountBalance* b = out->add_balances();
    b->set_account(key.second);
    b->set_name(AccountName(key.second));
    *b->mutable_balance() = ToProto(amount);
  }
  return grpc::Status::OK;
}

grpc::Status LedgerService::Reconcile(grpc::ServerContext* ctx, const pb::ReconcileRequest* r,
                                      pb::ReconcileResponse* out) {
  RESKONTRA_AUTHORIZE(ctx, *r);
  absl::StatusOr<AsOf> as_of = ToAsOf(r->as_of());
  if (!as_of.ok()) return ToGrpc(as_of.status());
  RETURN_GRPC_IF_ERROR(CompanyRange(r->company_from(), r->company_to()));
  const CompanyId from = r->company_from() == 0 ? 1 : r->company_from();
  const CompanyId to = r->company_to() == 0 ? limits::kCompanyIdMax : r->company_to();
  PostingFold postings;
  absl::StatusOr<uint64_t> at = FoldPostingsUpTo(as_of->known_at, postings);
  if (!at.ok()) return ToGrpc(at.status());
  reskontra::Reconciliation result;
  if (as_of->effective_on) {
    absl::StatusOr<AsOfResult> asof = FoldAsOf(core_->journal(), *at, *as_of);
    if (!asof.ok()) return ToGrpc(asof.status());
    result = ::reskontra::Reconcile(
        asof->fold.state(), BalancesOf(postings, as_of->effective_on), postings,
        [&](const Invoice& i) -> std::optional<Money> {
          std::optional<SaldoAmounts> a = asof->fold.AmountsOf(i);
          if (!a) return std::nullopt;
          return a->balance();
        },
        false);
  } else {
    result = ::reskontra::Reconcile(
        postings.state(), BalancesOf(postings, std::nullopt), postings,
        [](const Invoice& i) -> std::optional<Money> { return i.balance(); }, true);
  }
  out->set_effective_on(as_of->effective_on ? FormatDate(*as_of->effective_on) : "");
  out->set_known_at(r->as_of().known_at());
  out->set_position(*at);
  out->set_sub_ledgers_checked(!as_of->effective_on);
  for (uint64_t p : postings.Unbalanced()) out->add_unbalanced(p);
  auto in_range = [&](CompanyId c) { return c >= from && c <= to; };
  for (const ReconcileLine& l : result.lines)
    if (in_range(l.company)) *out->add_lines() = ToProto(l);
  constexpr size_t kInvoicesListed = 20;
  for (const ReconcileDifference& d : result.differences) {
    if (!in_range(d.company)) continue;
    pb::ReconcileLine* line = out->add_differences();
    *line = ToProto(d);
    for (size_t i = 0; i < d.invoices.size() && i < kInvoicesListed; ++i) {
      absl::StatusOr<std::vector<uint64_t>> positions =
          core_->journal().StreamPositions(InvoiceStream(d.company, d.invoices[i]));
      if (!positions.ok()) return ToGrpc(positions.status());
      for (uint64_t p : *positions)
        if (p <= *at) line->add_positions(p);
    }
  }
  out->set_ok(out->differences_size() == 0 && out->unbalanced_size() == 0);
  return grpc::Status::OK;
}

grpc::Status LedgerService::GetAccountPlan(grpc::ServerContext* ctx, const pb::GetAccountPlanRequest* r,
                                           pb::AccountPlan* out) {
  RESKONTRA_AUTHORIZE(ctx, *r);
  if (r->routine() < 0 || r->routine() > limits::kRoutineMax)
    return ToGrpc(absl::InvalidArgumentError("routine must be 0..99"));
  return ToGrpc(core_->projection().Query([&](const LedgerState& s, uint64_t) -> absl::Status {
    const Company* co = s.FindCompany(r->company());
    if (co == nullptr)
      return absl::NotFoundError(absl::StrCat("company ", r->company(), " is not registered"));
    *out = ToProto(co->AccountPlanFor(r->routine()));
    return absl::OkStatus();
  }));
}

grpc::Status LedgerService::Statistics(grpc::ServerContext* ctx, const pb::StatisticsRequest* r,
                                       pb::StatisticsResponse* out) {
  RESKONTRA_AUTHORIZE(ctx, *r);
  absl::StatusOr<AsOf> as_of = ToAsOf(r->as_of());
  if (!as_of.ok()) return ToGrpc(as_of.status());
  if (r->company() < 1 || r->company() > limits::kCompanyIdMax)
    return ToGrpc(absl::InvalidArgumentError("company 1..999 is required"));
  if (r->routine_from() < 0 || r->routine_from() > limits::kRoutineMax || r->routine_to() < 0 ||
      r->routine_to() > limits::kRoutineMax || (r->routine_to() != 0 && r->routine_to() < r->routine_from()))
    return ToGrpc(absl::InvalidArgumentError("routine range must be within 0..99 and ascending"));
  absl::StatusOr<DateRange> dates = ToRange(r->date_from(), r->date_to(), "date");
  if (!dates.ok()) return ToGrpc(dates.status());
  StatisticsBuilder builder(StatisticsFilter{
      r->company(), r->routine_from(), r->routine_to() == 0 ? limits::kRoutineMax : r->routine_to(), *dates});
  uint64_t up_to = 0;
  absl::Status q = core_->projection().Query([&](const LedgerState&, uint64_t at) {
    up_to = at;
    return absl::OkStatus();
  });
  if (!q.ok()) return ToGrpc(q);
  absl::StatusOr<uint64_t> at = FoldStatistics(core_->journal(), up_to, as_of->known_at, builder);
  if (!at.ok()) return ToGrpc(at.status());
  out->set_position(*at);
  for (const StatisticsRow& row : builder.Finish().rows) {
    pb::StatisticsRow* p = out->add_rows();
    p->set_routine(row.routine);
    p->set_action(row.action);
    p->set_count(row.count);
    *p->mutable_amount() = ToProto(row.amount);
    p->set_share_bp(row.share_bp);
  }
  return grpc::Status::OK;
}

grpc::Status LedgerService::ArchiveInvoices(grpc::ServerContext* ctx, const pb::ArchiveInvoicesRequest* r,
                                            pb::ArchiveInvoicesResponse* out) {
  RESKONTRA_AUTHORIZE(ctx, *r);
  absl::StatusOr<Command> command = ToCommand(*r);
  StampActor(caller, command);
  if (!command.ok()) return ToGrpc(command.status());
  RETURN_GRPC_IF_ERROR(ValidateCompanyId(r->ctx().company()));
  const ::reskontra::ArchiveInvoices& c = std::get<::reskontra::ArchiveInvoices>(command->body);
  // The kvittenslista: the selection as it stands (a settled claim no longer changes).
  absl::btree_map<InvoiceNumber, pb::ArchivedInvoice> listed;
  const Date today = core_->Today();
  absl::Status selected = core_->projection().Query([&](const LedgerState& s, uint64_t) -> absl::Status {
    if (s.FindCompany(r->ctx().company()) == nullptr)
      return absl::NotFoundError(absl::StrCat("company ", r->ctx().company(), " is not registered"));
    ASSIGN_OR_RETURN(std::vector<const Invoice*> chosen, SelectForArchive(s, r->ctx().company(), c, today));
    for (const Invoice* inv : chosen) {
      pb::ArchivedInvoice& row = listed[inv->number];
      row.set_invoice_number(inv->number);
      row.set_customer_number(inv->customer_number);
      if (const Customer* cu = s.FindCustomer(inv->company, inv->customer_number)) {
        row.set_name(cu->details.name);
        row.set_national_id(cu->details.national_id);
      }
      row.set_status(std::string(InvoiceStatusName(inv->status)));
      if (inv->slutbetald) row.set_slutbetald(FormatDate(*inv->slutbetald));
      *row.mutable_invoiced() = ToProto(inv->capital);
    }
    return absl::OkStatus();
  });
  if (!selected.ok()) return ToGrpc(selected);
  out->set_preview(r->preview());
  if (r->preview()) {
    for (auto& [n, row] : listed) *out->add_invoices() = std::move(row);
    return grpc::Status::OK;
  }
  absl::StatusOr<AppendResult> result = core_->Execute(*command, Fingerprint(*r));
  if (!result.ok()) return ToGrpc(result.status());
  absl::StatusOr<std::vector<JournalRecord>> records = RecordsOf(*result);
  if (!records.ok()) return ToGrpc(records.status());
  for (const JournalRecord& rec : *records) {
    const auto* archived = std::get_if<InvoicesArchived>(&rec.event.body);
    if (archived == nullptr) continue;
    for (InvoiceNumber n : archived->invoices) {
      auto it = listed.find(n);
      if (it != listed.end()) {
        *out->add_invoices() = it->second;
      } else {  // a replayed retry: the claim is archived already
        out->add_invoices()->set_invoice_number(n);
      }
    }
  }
  SetResult(*result, out->mutable_result());
  return grpc::Status::OK;
}

grpc::Status LedgerService::RunPostings(grpc::ServerContext* ctx, const pb::RunPostingsRequest* r,
                                        pb::RunPostingsResponse* out) {
  RESKONTRA_AUTHORIZE(ctx, *r);
  const CompanyId company = r->ctx().company();
  RETURN_GRPC_IF_ERROR(ValidateCompanyId(company));
  absl::StatusOr<Date> posting_date = DateOrToday(r->posting_date());
  if (!posting_date.ok()) return ToGrpc(posting_date.status());
  PostingFold fold;
  absl::StatusOr<uint64_t> at = FoldPostingsUpTo(std::nullopt, fold);
  if (!at.ok()) return ToGrpc(at.status());
  if (fold.state().FindCompany(company) == nullptr)
    return ToGrpc(absl::NotFoundError(absl::StrCat("company ", company, " is not registered")));
  PostingRunCompleted run = fold.NextRun(company, *at, *posting_date);
  out->set_preview(r->preview());
  if (r->preview() && run.to_position < run.from_position) {
    return ToGrpc(absl::FailedPreconditionError(
        absl::StrCat("nothing to post: the last posting run reached position ", run.from_position - 1)));
  }
  if (!r->preview()) {
    // The request's fingerprint makes a retry replay the run it recorded the first time; with
    // nothing new to post, Decide refuses.
    absl::StatusOr<Command> command = Command{ToMeta(r->ctx()), RecordPostingRun{run}};
    StampActor(caller, command);
    absl::StatusOr<AppendResult> result = core_->Execute(*command, Fingerprint(*r));
    if (!result.ok()) return ToGrpc(result.status());
    absl::StatusOr<std::vector<JournalRecord>> records = RecordsOf(*result);
    if (!records.ok()) return ToGrpc(records.status());
    for (const JournalRecord& rec : *records)
      if (const auto* recorded = std::get_if<PostingRunCompleted>(&rec.event.body)) run = *recorded;
    SetResult(*result, out->mutable_result());
  }
  *out->mutable_run() = ToProto(run);
  return grpc::Status::OK;
}

grpc::Status LedgerService::Profitability(grpc::ServerContext* ctx, const pb::ProfitabilityRequest* r,
                                          pb::ProfitabilityResponse* out) {
  RESKONTRA_AUTHORIZE(ctx, *r);
  RETURN_GRPC_IF_ERROR(ValidateCompanyId(r->company()));
  ProfitabilityParams p;
  p.company = r->company();
  absl::StatusOr<DateRange> dates = ToRange(r->invoice_date_from(), r->invoice_date_to(), "invoice date");
  if (!dates.ok()) return ToGrpc(dates.status());
  p.invoice_dates = *dates;
  absl::StatusOr<Date> on = DateOrToday(r->on());
  if (!on.ok()) return ToGrpc(on.status());
  p.on = *on;
  if (r->has_funding_rate_bp()) p.funding_rate_bp = r->funding_rate_bp();
  if (r->has_paper_letter_ore()) p.letter_cost[0] = Money::FromOre(r->paper_letter_ore());
  if (r->has_email_letter_ore()) p.letter_cost[1] = Money::FromOre(r->email_letter_ore());
  if (r->has_e_invoice_letter_ore()) p.letter_cost[2] = Money::FromOre(r->e_invoice_letter_ore());
  for (Money m : p.letter_cost)
    if (m.ore() > ::reskontra::limits::kAmountOreMax)
      return ToGrpc(absl::InvalidArgumentError("a letter cost is too large"));
  if (r->has_doubtful_after_days()) p.doubtful_after_days = r->doubtful_after_days();
  p.by_month = r->by_month();
  // Every archived claim counts (rensning hides claims from the lists, not from the statistics).
  return ToGrpc(core_->projection().QueryWithArchive(
      p.company, p.company, Date(1900, 1, 1),
      [&](const LedgerState& s, uint64_t at, const ArchivedInvoices& archived) -> absl::Status {
        if (s.FindCompany(p.company) == nullptr)
          return absl::NotFoundError(absl::StrCat("company ", p.company, " is not registered"));
        ASSIGN_OR_RETURN(std::vector<ProfitabilityRow> rows, BuildProfitability(s, &archived, p));
        for (const ProfitabilityRow& row : rows) {
          pb::ProfitabilityRow* x = out->add_rows();
          x->set_channel(static_cast<pb::DeliveryChannel>(row.channel));
          x->set_size_bucket(std::string(SizeBucketName(row.bucket)));
          x->set_month(row.month);
          x->set_grand_total(row.total);
          x->set_invoices(row.invoices);
          x->set_annulled(row.annulled);
          *x->mutable_invoiced() = ToProto(row.invoiced);
          *x->mutable_fee_income() = ToProto(row.fee_income);
          *x->mutable_interest_income() = ToProto(row.interest_income);
          *x->mutable_letter_costs() = ToProto(row.letter_costs);
          *x->mutable_credit_losses() = ToProto(row.credit_losses);
          *x->mutable_interest_cost() = ToProto(row.interest_cost);
          *x->mutable_doubtful() = ToProto(row.doubtful);
          *x->mutable_netto() = ToProto(row.netto);
          x->set_effect_bp(row.effect_bp);
        }
        out->set_on(FormatDate(p.on));
        out->set_position(at);
        return absl::OkStatus();
      }));
}

}  // namespace reskontra
