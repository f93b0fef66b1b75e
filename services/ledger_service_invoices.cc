// The queries of customers and invoices.
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/status_macros.h"
#include "domain/search.h"
#include "services/ledger_service.h"
#include "services/limits.h"

namespace reskontra {

namespace {

absl::StatusOr<const Customer*> FindCustomer(const LedgerState& s, CompanyId company,
                                             const std::string& number) {
  const Customer* c = s.FindCustomer(company, number);
  if (c == nullptr) {
    return absl::NotFoundError(absl::StrCat("customer ", number, " does not exist in company ", company));
  }
  return c;
}

}  // namespace

grpc::Status LedgerService::GetInvoice(grpc::ServerContext* ctx, const pb::GetInvoiceRequest* r,
                                       pb::Invoice* out) {
  RESKONTRA_AUTHORIZE(ctx, *r);
  RETURN_GRPC_IF_ERROR(ValidateCompanyId(r->company()));
  RETURN_GRPC_IF_ERROR(ValidateInvoiceNumber(r->invoice_number()));
  return ToGrpc(core_->projection().Query([&](const LedgerState& s, uint64_t) {
    const Invoice* inv = s.FindInvoice(r->company(), r->invoice_number());
    if (inv == nullptr) {
      return absl::NotFoundError(absl::StrCat("invoice ", FormatInvoiceNumber(r->invoice_number()),
                                              " does not exist in company ", r->company()));
    }
    *out = ToProto(*inv);
    return absl::OkStatus();
  }));
}

grpc::Status LedgerService::ListInvoices(grpc::ServerContext* ctx, const pb::ListInvoicesRequest* r,
                                         pb::ListInvoicesResponse* out) {
  RESKONTRA_AUTHORIZE(ctx, *r);
  RETURN_GRPC_IF_ERROR(ValidateCompanyId(r->company()));
  RETURN_GRPC_IF_ERROR(ValidateCustomerNumber(r->customer_number()));
  return ToGrpc(core_->projection().Query([&](const LedgerState& s, uint64_t) {
    absl::StatusOr<const Customer*> c = FindCustomer(s, r->company(), r->customer_number());
    if (!c.ok()) return c.status();
    for (InvoiceNumber n : (*c)->invoices) {
      const Invoice* inv = s.FindInvoice((*c)->company, n);
      if (inv == nullptr || (r->only_open() && inv->balance().is_zero())) continue;
      if (out->invoices_size() >= limits::kListInvoicesMax) {
        out->set_truncated(true);
        break;
      }
      *out->add_invoices() = ToProto(*inv);
    }
    return absl::OkStatus();
  }));
}

grpc::Status LedgerService::SearchInvoices(grpc::ServerContext* ctx, const pb::SearchInvoicesRequest* r,
                                           pb::SearchInvoicesResponse* out) {
  RESKONTRA_AUTHORIZE(ctx, *r);
  RETURN_GRPC_IF_ERROR(ValidateCompanyId(r->company()));
  for (const auto& [field, value] :
       {std::pair{"national_id", &r->national_id()}, std::pair{"name", &r->name()},
        std::pair{"address", &r->address()}, std::pair{"ocr", &r->ocr()}})
    RETURN_GRPC_IF_ERROR(ValidateText(field, *value, limits::kCustomerNameMax, false));
  if (!r->customer_number().empty()) RETURN_GRPC_IF_ERROR(ValidateCustomerNumber(r->customer_number()));
  if (r->min_amount_ore() < 0 || r->min_balance_ore() < 0)
    return ToGrpc(absl::InvalidArgumentError("the least amount and balance are 0 or more"));
  if (r->limit() < 0 || r->limit() > limits::kListInvoicesMax || r->offset() < 0 ||
      r->offset() > limits::kSearchOffsetMax)
    return ToGrpc(absl::InvalidArgumentError(absl::StrCat("limit must be 0..", limits::kListInvoicesMax,
                                                          " and offset 0..", limits::kSearchOffsetMax)));
  const size_t page = r->limit() == 0 ? limits::kListInvoicesMax : static_cast<size_t>(r->limit());
  const size_t skip = static_cast<size_t>(r->offset());
  InvoiceSearch search{r->national_id(),
                       r->name(),
                       r->address(),
                       r->customer_number(),
                       r->ocr(),
                       Money::FromOre(r->min_amount_ore()),
                       Money::FromOre(r->min_balance_ore()),
                       r->only_open()};
  return ToGrpc(core_->projection().Query([&](const LedgerState& s, uint64_t) {
    bool truncated = false;
    const std::vector<const Invoice*> hits =
        ::reskontra::SearchInvoices(s, r->company(), search, skip + page, &truncated);
    for (size_t i = skip; i < hits.size(); ++i) {
      const Invoice* inv = hits[i];
      pb::SearchHit* hit = out->add_hits();
      *hit->mutable_invoice() = ToProto(*inv);
      if (const Customer* cu = s.FindCustomer(r->company(), inv->customer_number)) {
        hit->set_customer_name(cu->details.name);
        hit->set_national_id(cu->details.national_id);
      }
    }
    out->set_truncated(truncated);
    return absl::OkStatus();
  }));
}

grpc::Status LedgerService::GetCustomer(grpc::ServerContext* ctx, const pb::GetCustomerRequest* r,
                                        pb::Customer* out) {
  RESKONTRA_AUTHORIZE(ctx, *r);
  RETURN_GRPC_IF_ERROR(ValidateCompanyId(r->company()));
  RETURN_GRPC_IF_ERROR(ValidateCustomerNumber(r->customer_number()));
  return ToGrpc(core_->projection().Query([&](const LedgerState& s, uint64_t) {
    absl::StatusOr<const Customer*> c = FindCustomer(s, r->company(), r->customer_number());
    if (!c.ok()) return c.status();
    *out = ToProto(s, **c);
    return absl::OkStatus();
  }));
}

grpc::Status LedgerService::ImportInvoiceResponses(grpc::ServerContext* ctx,
                                                   const pb::ImportInvoiceResponsesRequest* r,
                                                   pb::InvoiceResponsesReceipt* out) {
  RESKONTRA_AUTHORIZE(ctx, *r);
  absl::StatusOr<AppendResult> result = ExecuteRequest(*core_, *r, caller);
  if (!result.ok()) return ToGrpc(result.status());
  absl::StatusOr<std::vector<JournalRecord>> records = RecordsOf(*result);
  if (!records.ok()) return ToGrpc(records.status());
  std::string held;  // the kravkod change before each claim's note
  for (const JournalRecord& rec : *records) {
    if (const auto* a = std::get_if<DunningCodeAssigned>(&rec.event.body))
      held = absl::StrCat("kravkod ", a->code, ": ");
    if (std::holds_alternative<DunningCodeRemoved>(rec.event.body)) held = "kravkod borttagen: ";
    if (const auto* n = std::get_if<NoteAdded>(&rec.event.body)) {
      out->add_applied(absl::StrCat(FormatInvoiceNumber(n->invoice_number), " ", held, n->text));
      held.clear();
    }
  }
  SetResult(*result, out->mutable_result());
  return grpc::Status::OK;
}

grpc::Status LedgerService::ImportInvoiceFile(grpc::ServerContext* ctx, const pb::ImportInvoiceFileRequest* r,
                                              pb::InvoiceImportReceipt* out) {
  RESKONTRA_AUTHORIZE(ctx, *r);
  absl::StatusOr<AppendResult> result = ExecuteRequest(*core_, *r, caller);
  if (!result.ok()) return ToGrpc(result.status());
  absl::StatusOr<std::vector<JournalRecord>> records = RecordsOf(*result);
  if (!records.ok()) return ToGrpc(records.status());
  *out = SummariseInvoiceImport(*records);
  SetResult(*result, out->mutable_result());
  return grpc::Status::OK;
}

}  // namespace reskontra
