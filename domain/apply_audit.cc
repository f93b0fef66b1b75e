// Apply for the books and the four-eyes rule: the account plan, period closes, archiving, posting runs,
// approval policies, requests and decisions.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "domain/apply.h"
#include "domain/ids.h"

namespace reskontra::apply {

absl::Status Applier::operator()(const AccountPlanSet& v) {
  if (!s.companies.contains(c)) return Corrupt(e, "unknown company");
  Company& co = s.companies[c];
  co.account_plans[v.routine] = v;
  ++co.version;
  return absl::OkStatus();
}

absl::Status Applier::operator()(const PeriodClosed& v) {
  Company* co = s.companies.contains(c) ? &s.companies[c] : nullptr;
  if (!co || (co->LastClose() && !(co->LastClose()->through < v.through)))
    return Corrupt(e, "unknown company or a close that does not move forward");
  co->closes.push_back(v);
  ++co->version;
  return absl::OkStatus();
}

absl::Status Applier::operator()(const InvoicesArchived& v) {
  if (!s.companies.contains(c)) return Corrupt(e, "unknown company");
  absl::btree_set<InvoiceNumber> seen;
  for (InvoiceNumber n : v.invoices) {
    const Invoice* inv = s.FindInvoice(c, n);
    if (!inv || !inv->balance().is_zero() || inv->status == InvoiceStatus::kOpen)
      return Corrupt(e, "archives a claim that is not settled");
    if (!seen.insert(n).second) return Corrupt(e, "archives a claim twice");
  }
  for (InvoiceNumber n : v.invoices) {
    auto it = s.invoices.find(CompanyInvoiceKey{c, n});
    auto cu = s.customers.find(CompanyCustomerRef{c, it->second.customer_number});
    if (cu != s.customers.end()) std::erase(cu->second.invoices, n);
    s.invoices.erase(it);
    s.archived[CompanyInvoiceKey{c, n}] = v.paid_before;
  }
  Company& co = s.companies[c];
  if (!co.archived_before || *co.archived_before < v.paid_before) co.archived_before = v.paid_before;
  co.archived += static_cast<int64_t>(v.invoices.size());
  ++co.version;
  return absl::OkStatus();
}

absl::Status Applier::operator()(const PostingRunCompleted& v) {
  if (!s.companies.contains(c)) return Corrupt(e, "unknown company");
  Company& co = s.companies[c];
  const uint64_t expected = co.LastPostingRun() ? co.LastPostingRun()->to_position + 1 : 1;
  if (v.from_position != expected || v.to_position < v.from_position)
    return Corrupt(e, "a posting run that does not follow the last one");
  co.posting_runs.push_back(v);
  ++co.version;
  return absl::OkStatus();
}

absl::Status Applier::operator()(const ApprovalPolicySet& v) {
  Company& co = s.companies[c];
  co.approval_policy = v;
  ++co.version;
  return absl::OkStatus();
}

absl::Status Applier::operator()(const ApprovalRequested& v) {
  Company& co = s.companies[c];
  Invoice* inv = invoice_for(v.invoice_number);
  if (!inv || inv->pending_approval != 0)
    return Corrupt(e, "an approval request for an unknown invoice, or one already waiting");
  if (v.request_id != static_cast<int64_t>(co.approvals.size()) + 1 || v.invoice_version != inv->version + 1)
    return Corrupt(e, "an approval request out of sequence");
  co.approvals[v.request_id] = Approval{v, e.meta.actor, e.meta.recorded_at, std::nullopt, "", {}};
  inv->pending_approval = v.request_id;
  ++inv->version;
  return absl::OkStatus();
}

absl::Status Applier::operator()(const ApprovalDecided& v) {
  Company& co = s.companies[c];
  auto it = co.approvals.find(v.request_id);
  Invoice* inv = invoice_for(v.invoice_number);
  if (it == co.approvals.end() || it->second.decision.has_value() || !inv ||
      inv->pending_approval != v.request_id)
    return Corrupt(e, "a decision on no pending approval request");
  it->second.decision = v;
  it->second.decided_by = e.meta.actor;
  it->second.decided_at = e.meta.recorded_at;
  inv->pending_approval = 0;
  ++inv->version;
  return absl::OkStatus();
}

}  // namespace reskontra::apply
