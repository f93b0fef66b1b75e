// The kravverksamhet handlers that are more than a command: runs with a kontrollista,
// the collection transfer with its export rows, and the kravstatus queries.
#include <array>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "documents/pdf.h"
#include "domain/dunning.h"
#include "replay/documents.h"
#include "services/ledger_service.h"
#include "services/limits.h"

namespace reskontra {

absl::StatusOr<std::vector<JournalRecord>> LedgerService::RecordsOf(const AppendResult& result) {
  std::vector<JournalRecord> records;
  RETURN_IF_ERROR(core_->journal().Scan(result.first_position, result.last_position,
                                        [&](const JournalRecord& rec, absl::string_view) {
                                          records.push_back(rec);
                                          return true;
                                        }));
  return records;
}

grpc::Status LedgerService::PrintDunningRun(grpc::ServerContext* ctx, const pb::PrintDunningRunRequest* r,
                                            grpc::ServerWriter<pb::ExportChunk>* writer) {
  RESKONTRA_AUTHORIZE(ctx, *r);
  if (r->company() < 1 || r->company() > limits::kCompanyIdMax)
    return ToGrpc(absl::InvalidArgumentError("company 1..999 is required"));
  absl::StatusOr<Date> date = ParseDate(r->run_date());
  if (!date.ok())
    return ToGrpc(absl::InvalidArgumentError(absl::StrCat("run date: ", date.status().message())));
  uint64_t up_to = 0;
  absl::Status read = core_->projection().Query([&](const LedgerState&, uint64_t at) {
    up_to = at;
    return absl::OkStatus();
  });
  if (!read.ok()) return ToGrpc(read);
  DocumentProduced d;
  d.kind = ProducedDocument::kDunningLetters;
  d.source_position = up_to;
  d.date = *date;
  d.routine = r->has_routine() ? r->routine() : -1;
  if (r->one_file_per_letter()) d.kind = ProducedDocument::kDunningLetterFiles;
  absl::StatusOr<std::vector<DocumentContent>> letters =
      DunningRunLetters(core_->journal(), up_to, r->company(), *date,
                        r->has_routine() ? std::optional<int32_t>(r->routine()) : std::nullopt, &d.invoices);
  if (!letters.ok()) return ToGrpc(letters.status());
  if (letters->empty())
    return ToGrpc(absl::FailedPreconditionError(
        absl::StrCat("the run of ", FormatDate(*date), " sent no letter: nothing to print")));
  // A claim with two letters in one day's runs is listed once.
  std::vector<InvoiceNumber> unique;
  absl::flat_hash_set<InvoiceNumber> seen;
  for (InvoiceNumber n : d.invoices)
    if (seen.insert(n).second) unique.push_back(n);
  d.invoices = std::move(unique);
  return PrintAndRecord(ctx, caller, r->actor(), r->company(), std::move(d), *letters, writer);
}

absl::Status LedgerService::DunningKontrollista(const pb::RunDunningRequest& r, pb::DunningReceipt* out) {
  RETURN_IF_ERROR(ValidateCompanyId(r.ctx().company()));
  pb::RunDunningRequest dry = r;
  dry.set_dry_run(true);
  ASSIGN_OR_RETURN(Command command, ToCommand(dry));
  const ::reskontra::RunDunning& run = std::get<::reskontra::RunDunning>(command.body);
  const Date today = core_->Today();
  return core_->projection().Query([&](const LedgerState& s, uint64_t) {
    absl::StatusOr<DunningPreview> p = PreviewDunningRun(s, r.ctx().company(), run, today);
    if (!p.ok()) return p.status();
    *out = ToProto(s, r.ctx().company(), run.run_date, *p);
    return absl::OkStatus();
  });
}

absl::StatusOr<Date> LedgerService::DateOrToday(const std::string& s) {
  if (s.empty()) return core_->Today();
  absl::StatusOr<Date> d = ParseDate(s);
  if (!d.ok()) return absl::InvalidArgumentError(absl::StrCat("date: ", d.status().message()));
  return *d;
}

grpc::Status LedgerService::RunDunning(grpc::ServerContext* ctx, const pb::RunDunningRequest* r,
                                       pb::DunningReceipt* out) {
  RESKONTRA_AUTHORIZE(ctx, *r);
  if (r->dry_run()) return ToGrpc(DunningKontrollista(*r, out));
  absl::StatusOr<AppendResult> result = ExecuteRequest(*core_, *r, caller);
  if (!result.ok()) return ToGrpc(result.status());
  absl::StatusOr<std::vector<JournalRecord>> records = RecordsOf(*result);
  if (!records.ok()) return ToGrpc(records.status());
  core_->projection().Read([&](const LedgerState& s, uint64_t) {
    *out = SummariseDunningRun(s, *records);
    return 0;
  });
  SetResult(*result, out->mutable_result());
  return grpc::Status::OK;
}

grpc::Status LedgerService::TransferToCollection(grpc::ServerContext* ctx,
                                                 const pb::TransferToCollectionRequest* r,
                                                 pb::CollectionTransferResponse* out) {
  RESKONTRA_AUTHORIZE(ctx, *r);
  if (r->dry_run()) {
    RETURN_GRPC_IF_ERROR(ValidateCompanyId(r->ctx().company()));
    absl::StatusOr<Command> command = ToCommand(*r);
    if (!command.ok()) return ToGrpc(command.status());
    const Date today = core_->Today();
    out->set_dry_run(true);
    return ToGrpc(core_->projection().Query([&](const LedgerState& s, uint64_t) {
      absl::StatusOr<std::vector<InvoiceNumber>> chosen = SelectForCollection(
          s, r->ctx().company(), std::get<::reskontra::TransferToCollection>(command->body), today);
      if (!chosen.ok()) return chosen.status();
      for (InvoiceNumber n : *chosen) {
        const Invoice& inv = *s.FindInvoice(r->ctx().company(), n);
        *out->add_rows() =
            ToCollectionRow(s, inv, inv.balance(), inv.balance() - inv.open_fees() - inv.open_interest(),
                            inv.open_fees(), inv.open_interest());
      }
      return absl::OkStatus();
    }));
  }
  absl::StatusOr<AppendResult> result = ExecuteRequest(*core_, *r, caller);
  if (!result.ok()) return ToGrpc(result.status());
  absl::StatusOr<std::vector<JournalRecord>> records = RecordsOf(*result);
  if (!records.ok()) return ToGrpc(records.status());
  // The export rows come from what was written: a zeroed claim's split is in its zeroing
  // events; a claim handed over as it stands keeps its split in the ledger.
  core_->projection().Read([&](const LedgerState& s, uint64_t) {
    absl::flat_hash_map<InvoiceNumber, std::array<Money, 3>> split;  // capital, fees, interest
    for (const JournalRecord& rec : *records) {
      if (const auto* a = std::get_if<PaymentAllocated>(&rec.event.body)) {
        auto& x = split[a->invoice_number];
        x[0] += a->capital;
        x[1] += a->fees;
        x[2] += a->interest;
      } else if (const auto* f = std::get_if<FeeReversed>(&rec.event.body)) {
        split[f->invoice_number][f->kind == ChargeKind::kInterest ? 2 : 1] += f->amount;
      } else if (const auto* t = std::get_if<TransferredToCollection>(&rec.event.body)) {
        const Invoice* inv = s.FindInvoice(rec.event.meta.company, t->invoice_number);
        if (inv == nullptr) continue;
        if (t->zeroed) {
          const auto& x = split[t->invoice_number];
          *out->add_rows() = ToCollectionRow(s, *inv, t->claim, x[0], x[1], x[2]);
        } else {
          *out->add_rows() =
              ToCollectionRow(s, *inv, t->claim, t->claim - inv->open_fees() - inv->open_interest(),
                              inv->open_fees(), inv->open_interest());
        }
      }
    }
    return 0;
  });
  SetResult(*result, out->mutable_result());
  return grpc::Status::OK;
}

grpc::Status LedgerService::QueryCompany(int32_t company, const std::function<void(const Company&)>& f) {
  RETURN_GRPC_IF_ERROR(ValidateCompanyId(company));
  return ToGrpc(core_->projection().Query([&](const LedgerState& s, uint64_t) {
    const Company* c = s.FindCompany(company);
    if (c == nullptr) return absl::NotFoundError(absl::StrCat("company ", company, " is not registered"));
    f(*c);
    return absl::OkStatus();
  }));
}

grpc::Status LedgerService::GetDunningPolicies(grpc::ServerContext* ctx,
                                               const pb::GetDunningPoliciesRequest* r,
                                               pb::GetDunningPoliciesResponse* out) {
  RESKONTRA_AUTHORIZE(ctx, *r);
  *out->mutable_defaults() = ToProto(DefaultDunningPolicy());
  return QueryCompany(r->company(), [&](const Company& c) {
    for (const auto& [routine, p] : c.dunning_policies) *out->add_policies() = ToProto(p);
  });
}

grpc::Status LedgerService::ListDunningCodes(grpc::ServerContext* ctx, const pb::ListDunningCodesRequest* r,
                                             pb::ListDunningCodesResponse* out) {
  RESKONTRA_AUTHORIZE(ctx, *r);
  return QueryCompany(r->company(), [&](const Company& c) {
    for (const auto& [code, d] : c.dunning_codes) *out->add_codes() = ToProto(d);
  });
}

grpc::Status LedgerService::ListLetterTexts(grpc::ServerContext* ctx, const pb::ListLetterTextsRequest* r,
                                            pb::ListLetterTextsResponse* out) {
  RESKONTRA_AUTHORIZE(ctx, *r);
  return QueryCompany(r->company(), [&](const Company& c) {
    for (const auto& [key, text] : c.letter_texts) *out->add_texts() = ToProto(text);
  });
}

grpc::Status LedgerService::DunningStatus(grpc::ServerContext* ctx, const pb::DunningStatusRequest* r,
                                          pb::KravStatus* out) {
  RESKONTRA_AUTHORIZE(ctx, *r);
  RETURN_GRPC_IF_ERROR(ValidateCompanyId(r->company()));
  RETURN_GRPC_IF_ERROR(ValidateInvoiceNumber(r->invoice_number()));
  absl::StatusOr<Date> on = DateOrToday(r->on());
  if (!on.ok()) return ToGrpc(on.status());
  return ToGrpc(core_->projection().Query([&](const LedgerState& s, uint64_t) {
    const Invoice* inv = s.FindInvoice(r->company(), r->invoice_number());
    if (inv == nullptr) {
      return absl::NotFoundError(absl::StrCat("invoice ", FormatInvoiceNumber(r->invoice_number()),
                                              " does not exist in company ", r->company()));
    }
    *out = ToProto(*inv, DunningStatusOf(s, *inv, *on));
    return absl::OkStatus();
  }));
}

grpc::Status LedgerService::ListDunningStatus(grpc::ServerContext* ctx, const pb::ListDunningStatusRequest* r,
                                              pb::ListDunningStatusResponse* out) {
  RESKONTRA_AUTHORIZE(ctx, *r);
  RETURN_GRPC_IF_ERROR(ValidateCompanyId(r->company()));
  absl::StatusOr<Date> on = DateOrToday(r->on());
  if (!on.ok()) return ToGrpc(on.status());
  const pb::DunningSelection& sel = r->selection();
  return ToGrpc(core_->projection().Query([&](const LedgerState& s, uint64_t) {
    auto it = s.invoices.lower_bound(CompanyInvoiceKey{r->company(), sel.first_invoice()});
    for (; it != s.invoices.end() && it->first.company == r->company(); ++it) {
      const Invoice& inv = it->second;
      if (sel.last_invoice() != 0 && inv.number > sel.last_invoice()) break;
      if (sel.routine() != 0 && inv.routine != sel.routine()) continue;
      if (!sel.customer_number().empty() && inv.customer_number != sel.customer_number()) continue;
      if (r->only_open() && !inv.balance().is_positive()) continue;
      const KravStatus st = DunningStatusOf(s, inv, *on);
      if (r->has_reached() && static_cast<int>(st.reached) != static_cast<int>(r->reached())) continue;
      if (r->only_due() && !st.due) continue;
      if (out->claims_size() >= limits::kListInvoicesMax) {
        out->set_truncated(true);
        break;
      }
      *out->add_claims() = ToProto(inv, st);
    }
    return absl::OkStatus();
  }));
}

grpc::Status LedgerService::ListPlans(grpc::ServerContext* ctx, const pb::ListPlansRequest* r,
                                      pb::ListPlansResponse* out) {
  RESKONTRA_AUTHORIZE(ctx, *r);
  RETURN_GRPC_IF_ERROR(ValidateCompanyId(r->company()));
  RETURN_GRPC_IF_ERROR(ValidateCustomerNumber(r->customer_number()));
  const Date today = core_->Today();
  return ToGrpc(core_->projection().Query([&](const LedgerState& s, uint64_t) {
    const Customer* c = s.FindCustomer(r->company(), r->customer_number());
    if (c == nullptr)
      return absl::NotFoundError(absl::StrCat("customer ", r->customer_number(), " does not exist"));
    for (const AmortizationPlan& p : c->plans) *out->add_plans() = ToProto(s, r->company(), p, today);
    return absl::OkStatus();
  }));
}

}  // namespace reskontra
