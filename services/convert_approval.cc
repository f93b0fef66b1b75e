// Fyra ögon (four-eyes approval): requests <-> commands, state and events -> protobuf.
#include "absl/time/time.h"
#include "services/convert.h"

namespace reskontra {

absl::StatusOr<Command> ToCommand(const pb::SetApprovalPolicyRequest& r) {
  SetApprovalPolicy c;
  c.policy.annulment = r.annulment();
  c.policy.write_off = r.write_off();
  c.policy.write_off_from = Money::FromOre(r.write_off_from_ore());
  return Command{ToMeta(r.ctx()), std::move(c)};
}

absl::StatusOr<Command> ToCommand(const pb::DecideApprovalRequest& r) {
  if (r.request_id() <= 0) return absl::InvalidArgumentError("request_id must be above zero");
  return Command{ToMeta(r.ctx()), DecideApproval{r.request_id(), r.approve(), r.reason()}};
}

pb::ApprovalPolicy ToProto(const ApprovalPolicySet& v) {
  pb::ApprovalPolicy p;
  p.set_annulment(v.annulment);
  p.set_write_off(v.write_off);
  *p.mutable_write_off_from() = ToProto(v.write_off_from);
  return p;
}

pb::ApprovalRequestedEvent ToProto(const ApprovalRequested& v) {
  pb::ApprovalRequestedEvent p;
  p.set_request_id(v.request_id);
  p.set_kind(static_cast<pb::ApprovalKind>(v.kind));
  p.set_invoice_number(v.invoice_number);
  *p.mutable_amount() = ToProto(v.amount);
  p.set_remark(v.remark);
  p.set_transaction_date(FormatDate(v.transaction_date));
  p.set_method(v.method);
  p.set_invoice_version(v.invoice_version);
  return p;
}

namespace {
std::string Utc(absl::Time t) { return absl::FormatTime("%Y-%m-%dT%H:%M:%E6SZ", t, absl::UTCTimeZone()); }
}  // namespace

pb::Approval ToProto(CompanyId company, const Approval& a) {
  pb::Approval p;
  p.set_company(company);
  *p.mutable_request() = ToProto(a.request);
  p.set_requested_by(a.requested_by);
  p.set_requested_at(Utc(a.requested_at));
  if (!a.decision.has_value()) {
    p.set_state("pending");
    return p;
  }
  p.set_state(a.decision->approved ? "approved" : a.decided_by == a.requested_by ? "withdrawn" : "rejected");
  p.set_decided_by(a.decided_by);
  p.set_decided_at(Utc(a.decided_at));
  p.set_reason(a.decision->reason);
  return p;
}

void SetDunningBody(const ApprovalPolicySet& v, pb::JournalEvent& p) {
  *p.mutable_approval_policy_set() = ToProto(v);
}
void SetDunningBody(const ApprovalRequested& v, pb::JournalEvent& p) {
  *p.mutable_approval_requested() = ToProto(v);
}
void SetDunningBody(const ApprovalDecided& v, pb::JournalEvent& p) {
  auto* e = p.mutable_approval_decided();
  e->set_request_id(v.request_id);
  e->set_invoice_number(v.invoice_number);
  e->set_approved(v.approved);
  e->set_reason(v.reason);
}

}  // namespace reskontra
