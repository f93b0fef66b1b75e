// The journal's stream: GetHead and Subscribe with their filters.
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/status_macros.h"
#include "services/ledger_service.h"
#include "services/limits.h"

namespace reskontra {

namespace {

// The events a subscriber asked for (SubscribeRequest's filters).
class SubscribeFilter {
 public:
  static absl::StatusOr<SubscribeFilter> Of(const pb::SubscribeRequest& r) {
    SubscribeFilter f;
    if (r.heartbeat_ms() != 0 && (r.heartbeat_ms() < 100 || r.heartbeat_ms() > 60'000)) {
      return absl::InvalidArgumentError("heartbeat_ms is 0 (none) or 100..60000");
    }
    for (int32_t c : r.companies()) {
      RETURN_IF_ERROR(ValidateCompanyId(c));
      f.companies_.insert(c);
    }
    const absl::flat_hash_set<std::string>& known = KnownTypes();
    for (const std::string& t : r.types()) {
      if (!known.contains(t)) return absl::InvalidArgumentError(absl::StrCat("unknown event type '", t, "'"));
      f.types_.insert(t);
    }
    if (r.invoice_number() != 0) {
      RETURN_IF_ERROR(ValidateInvoiceNumber(r.invoice_number()));
      f.invoice_ = FormatInvoiceNumber(r.invoice_number());
    }
    if (!r.customer_number().empty()) {
      RETURN_IF_ERROR(ValidateCustomerNumber(r.customer_number()));
      f.customer_ = r.customer_number();
    }
    return f;
  }
  bool Matches(const JournalRecord& rec) const {
    if (!companies_.empty() && !companies_.contains(rec.event.meta.company)) return false;
    if (!types_.empty() && !types_.contains(EventTypeName(rec.event.body))) return false;
    if (!invoice_.has_value() && !customer_.has_value()) return true;
    for (const StreamId& s : StreamsOf(rec.event)) {
      if (invoice_.has_value() && s.kind == StreamId::Kind::kInvoice && s.key == *invoice_) return true;
      if (customer_.has_value() && s.kind == StreamId::Kind::kCustomer && s.key == *customer_) return true;
    }
    return false;
  }

 private:
  // Every event type's name, from the alternatives of EventBody.
  static const absl::flat_hash_set<std::string>& KnownTypes() {
    static const auto* types = [] {
      auto* out = new absl::flat_hash_set<std::string>();
      [&]<size_t... I>(std::index_sequence<I...>) {
        (out->insert(std::string(EventTypeName(EventBody(std::in_place_index<I>)))), ...);
      }
      (std::make_index_sequence<std::variant_size_v<EventBody>>());
      return out;
    }();
    return *types;
  }

  absl::flat_hash_set<CompanyId> companies_;
  absl::flat_hash_set<std::string> types_;
  std::optional<std::string> invoice_, customer_;
};

}  // namespace

grpc::Status LedgerService::GetHead(grpc::ServerContext* ctx, const pb::GetHeadRequest* r,
                                    pb::GetHeadResponse* out) {
  RESKONTRA_AUTHORIZE(ctx, *r);
  const uint64_t head = core_->journal().DurableHead();
  out->set_position(head);
  if (const LedgerCore::ReplicaStatus rs = core_->replica_status(); !rs.primary.empty()) {
    out->set_primary(rs.primary);
    out->set_primary_head(rs.primary_head);
    out->set_lag(rs.primary_head > head ? rs.primary_head - head : 0);
    if (rs.last_contact != absl::InfinitePast())
      out->set_last_contact(absl::FormatTime(absl::RFC3339_full, rs.last_contact, absl::UTCTimeZone()));
    out->set_replica_error(rs.error);
  }
  if (head == 0) return grpc::Status::OK;
  absl::StatusOr<JournalRecord> record = core_->journal().Read(head);
  if (!record.ok()) return ToGrpc(record.status());
  out->set_hash(HashToHex(record->hash));
  out->set_recorded_at(
      absl::FormatTime(absl::RFC3339_full, record->event.meta.recorded_at, absl::UTCTimeZone()));
  return grpc::Status::OK;
}

grpc::Status LedgerService::WhoAmI(grpc::ServerContext* ctx, const pb::WhoAmIRequest* r,
                                   pb::WhoAmIResponse* out) {
  RESKONTRA_AUTHORIZE(ctx, *r);
  out->set_name(caller.name);
  out->set_role(caller.role == Role::kAuditor ? "auditor" : caller.role == Role::kClerk ? "clerk" : "admin");
  out->set_all_companies(caller.all_companies);
  out->set_open(!auth_->enabled());
  return ToGrpc(core_->projection().Query([&](const LedgerState& s, uint64_t) {
    for (const auto& [id, company] : s.companies) {
      if (!caller.Covers(static_cast<int>(id))) continue;
      pb::CompanyRef* c = out->add_companies();
      c->set_company(static_cast<int32_t>(id));
      c->set_name(company.name);
    }
    return absl::OkStatus();
  }));
}

grpc::Status LedgerService::Subscribe(grpc::ServerContext* ctx, const pb::SubscribeRequest* r,
                                      grpc::ServerWriter<pb::JournalEvent>* writer) {
  RESKONTRA_AUTHORIZE(ctx, *r);
  absl::StatusOr<SubscribeFilter> filter = SubscribeFilter::Of(*r);
  if (!filter.ok()) return ToGrpc(filter.status());
  // Without `companies` a restricted caller gets its own; naming another's is refused, not
  // answered with silence.
  for (int32_t c : r->companies())
    if (!caller.Covers(c))
      return ToGrpc(absl::PermissionDeniedError(absl::StrCat(caller.name, " may not follow company ", c)));
  const absl::Duration heartbeat = absl::Milliseconds(r->heartbeat_ms());
  Journal& journal = core_->journal();
  uint64_t next = std::max<uint64_t>(r->from_position(), 1);
  absl::Time last_sent = absl::Now();
  // A heartbeat when nothing was sent for `heartbeat`: the head, and how far the scan has come.
  auto beat = [&](uint64_t head) {
    if (heartbeat == absl::ZeroDuration() || absl::Now() - last_sent < heartbeat) return true;
    pb::JournalEvent e;
    e.set_type("Heartbeat");
    e.set_head(head);
    e.set_scanned_to(next - 1);
    last_sent = absl::Now();
    return writer->Write(e);
  };
  while (!ctx->IsCancelled()) {
    uint64_t head = journal.DurableHead();
    if (next > head) {
      if (r->history_only()) return grpc::Status::OK;
      if (!beat(head)) return grpc::Status(grpc::StatusCode::CANCELLED, "subscriber went away");
      const absl::Duration wait = heartbeat == absl::ZeroDuration()
                                      ? limits::kSubscribePoll
                                      : std::min(limits::kSubscribePoll, heartbeat);
      journal.WaitForHead(next - 1, wait);
      RETURN_GRPC_IF_ERROR(journal.health());
      continue;
    }
    // Read a bounded chunk, then write it: a slow consumer blocks only its own stream and
    // costs the server at most one chunk of memory; it falls behind and catches up from the
    // journal.
    std::vector<pb::JournalEvent> chunk;
    uint64_t to = std::min(head, next + limits::kSubscribeChunkRecords - 1);
    absl::Status s = journal.Scan(next, to, [&](const JournalRecord& rec, absl::string_view bytes) {
      // A caller restricted to some companies sees their events and the ledger-wide ones
      // (reference rates); the positions between are not theirs to see.
      const CompanyId company = rec.event.meta.company;
      if (company != 0 && !caller.Covers(company)) return true;
      if (filter->Matches(rec)) chunk.push_back(ToProto(rec, bytes));
      return true;
    });
    if (!s.ok()) return ToGrpc(s);
    for (pb::JournalEvent& e : chunk) {
      e.set_head(head);
      e.set_scanned_to(e.position());
      if (!writer->Write(e)) return grpc::Status(grpc::StatusCode::CANCELLED, "subscriber went away");
      last_sent = absl::Now();
    }
    next = to + 1;
    if (!beat(head)) return grpc::Status(grpc::StatusCode::CANCELLED, "subscriber went away");
  }
  return grpc::Status(grpc::StatusCode::CANCELLED, "subscriber cancelled");
}

}  // namespace reskontra
