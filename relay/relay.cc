#include "relay/relay.h"

#include <nats/nats.h>

#include <mutex>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace reskontra::relay {

namespace {

absl::Status NatsError(absl::string_view what, natsStatus s, jsErrCode code = static_cast<jsErrCode>(0)) {
  const char* last = nats_GetLastError(nullptr);
  return absl::UnavailableError(absl::StrCat(
      what, ": ", natsStatus_GetText(s), code != 0 ? absl::StrCat(" (JetStream error ", code, ")") : "",
      last != nullptr && *last != '\0' ? absl::StrCat(": ", last) : ""));
}

std::string Hex(const std::string& bytes) { return absl::BytesToHexString(bytes); }

std::string Header(natsMsg* m, const char* key) {
  const char* v = nullptr;
  if (natsMsgHeader_Get(m, key, &v) != NATS_OK || v == nullptr) return "";
  return v;
}

}  // namespace

std::string SubjectOf(const std::string& prefix, const pb::JournalEvent& e) {
  return absl::StrCat(prefix, ".", e.company(), ".", e.type());
}

struct Publisher::Impl {
  Options options;
  natsConnection* nc = nullptr;
  jsCtx* js = nullptr;
  std::mutex mu;
  absl::Status first_error;  // of an async publish, guarded by mu

  ~Impl() {
    if (js != nullptr) jsCtx_Destroy(js);
    if (nc != nullptr) natsConnection_Destroy(nc);
  }
  static void OnError(jsCtx*, jsPubAckErr* pae, void* closure) {
    auto* self = static_cast<Impl*>(closure);
    std::lock_guard<std::mutex> lock(self->mu);
    if (self->first_error.ok()) {
      const std::string subject = pae->Msg != nullptr ? natsMsg_GetSubject(pae->Msg) : "";
      const std::string id = pae->Msg != nullptr ? Header(pae->Msg, "Nats-Msg-Id") : "";
      self->first_error = absl::AbortedError(
          absl::StrCat("JetStream refused position ", id, " (", subject, "): ", natsStatus_GetText(pae->Err),
                       pae->ErrCode != 0 ? absl::StrCat(" JetStream error ", pae->ErrCode) : "",
                       pae->ErrText != nullptr ? absl::StrCat(": ", pae->ErrText) : ""));
    }
  }
  absl::Status TakeError() {
    std::lock_guard<std::mutex> lock(mu);
    return first_error;
  }
};

Publisher::Publisher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Publisher::~Publisher() = default;

absl::StatusOr<std::unique_ptr<Publisher>> Publisher::Connect(const Options& o) {
  if (o.replicas < 1 || o.replicas > 5) return absl::InvalidArgumentError("replicas must be 1..5");
  auto impl = std::make_unique<Impl>();
  impl->options = o;
  natsOptions* opts = nullptr;
  natsStatus s = natsOptions_Create(&opts);
  if (s == NATS_OK) s = natsOptions_SetURL(opts, o.nats_url.c_str());
  if (s == NATS_OK) s = natsOptions_SetMaxReconnect(opts, 0);  // a lost connection ends the run
  if (s == NATS_OK) s = natsConnection_Connect(&impl->nc, opts);
  natsOptions_Destroy(opts);
  if (s != NATS_OK) return NatsError(absl::StrCat("cannot connect to ", o.nats_url), s);

  jsOptions jo;
  jsOptions_Init(&jo);
  jo.PublishAsync.MaxPending = o.max_pending;
  jo.PublishAsync.ErrHandler = &Impl::OnError;
  jo.PublishAsync.ErrHandlerClosure = impl.get();
  s = natsConnection_JetStream(&impl->js, impl->nc, &jo);
  if (s != NATS_OK) return NatsError("JetStream context", s);

  const std::string subjects = o.subject_prefix + ".>";
  jsStreamInfo* si = nullptr;
  jsErrCode code = static_cast<jsErrCode>(0);
  s = js_GetStreamInfo(&si, impl->js, o.stream.c_str(), nullptr, &code);
  if (s == NATS_NOT_FOUND || code == JSStreamNotFoundErr) {
    jsStreamConfig cfg;
    jsStreamConfig_Init(&cfg);
    cfg.Name = o.stream.c_str();
    const char* subject_list[] = {subjects.c_str()};
    cfg.Subjects = subject_list;
    cfg.SubjectsLen = 1;
    cfg.Storage = js_FileStorage;
    cfg.Retention = js_LimitsPolicy;
    cfg.Replicas = o.replicas;
    cfg.Duplicates = absl::ToInt64Nanoseconds(o.duplicate_window);
    cfg.DenyDelete = true;  // an audit trail: messages are not removed one by one
    cfg.DenyPurge = true;
    code = static_cast<jsErrCode>(0);
    s = js_AddStream(&si, impl->js, &cfg, nullptr, &code);
    if (s != NATS_OK) return NatsError(absl::StrCat("cannot create stream ", o.stream), s, code);
  } else if (s != NATS_OK) {
    return NatsError(absl::StrCat("stream ", o.stream), s, code);
  }
  bool has_subjects = false;
  for (int i = 0; i < si->Config->SubjectsLen; ++i) has_subjects |= subjects == si->Config->Subjects[i];
  jsStreamInfo_Destroy(si);
  if (!has_subjects)
    return absl::FailedPreconditionError(
        absl::StrCat("stream ", o.stream, " exists without the subjects ", subjects));
  return std::unique_ptr<Publisher>(new Publisher(std::move(impl)));
}

absl::StatusOr<std::pair<uint64_t, std::string>> Publisher::Published() {
  jsStreamInfo* si = nullptr;
  jsErrCode code = static_cast<jsErrCode>(0);
  natsStatus s = js_GetStreamInfo(&si, impl_->js, impl_->options.stream.c_str(), nullptr, &code);
  if (s != NATS_OK) return NatsError("stream info", s, code);
  const uint64_t last = si->State.LastSeq;
  const uint64_t count = si->State.Msgs;
  jsStreamInfo_Destroy(si);
  if (last == 0) return std::make_pair(uint64_t{0}, std::string());
  if (count != last)
    return absl::DataLossError(absl::StrCat("stream ", impl_->options.stream, " holds ", count,
                                            " messages up to sequence ", last, ": not one per position"));
  absl::StatusOr<StoredRecord> m = Get(last);
  if (!m.ok()) return m.status();
  if (m->position != absl::StrCat(last))
    return absl::DataLossError(absl::StrCat("message ", last, " carries position '", m->position, "'"));
  return std::make_pair(last, m->hash_hex);
}

absl::Status Publisher::Publish(const pb::JournalEvent& e) {
  if (absl::Status err = impl_->TakeError(); !err.ok()) return err;
  const std::string subject = SubjectOf(impl_->options.subject_prefix, e);
  const std::string payload = e.SerializeAsString();
  natsMsg* m = nullptr;
  natsStatus s =
      natsMsg_Create(&m, subject.c_str(), nullptr, payload.data(), static_cast<int>(payload.size()));
  const std::string position = absl::StrCat(e.position());
  const std::string hash = Hex(e.hash()), prev = Hex(e.prev_hash());
  if (s == NATS_OK) s = natsMsgHeader_Set(m, "Nats-Msg-Id", position.c_str());
  if (s == NATS_OK) s = natsMsgHeader_Set(m, "Reskontra-Position", position.c_str());
  if (s == NATS_OK) s = natsMsgHeader_Set(m, "Reskontra-Hash", hash.c_str());
  if (s == NATS_OK) s = natsMsgHeader_Set(m, "Reskontra-Prev-Hash", prev.c_str());
  jsPubOptions po;
  jsPubOptions_Init(&po);
  // Stored only right after the previous position: no gap, no duplicate, whatever crashed.
  // (Position 1 has no previous message; JetStream's Nats-Msg-Id window covers its retry.)
  po.ExpectLastSeq = e.position() - 1;
  if (s == NATS_OK) s = js_PublishMsgAsync(impl_->js, &m, &po);
  natsMsg_Destroy(m);  // no effect when the library took it
  if (s != NATS_OK) return NatsError(absl::StrCat("publish position ", e.position()), s);
  return absl::OkStatus();
}

absl::Status Publisher::Flush(absl::Duration timeout) {
  jsPubOptions po;
  jsPubOptions_Init(&po);
  po.MaxWait = absl::ToInt64Milliseconds(timeout);
  natsStatus s = js_PublishAsyncComplete(impl_->js, &po);
  if (absl::Status err = impl_->TakeError(); !err.ok()) return err;
  if (s != NATS_OK) return NatsError("waiting for JetStream's acks", s);
  return absl::OkStatus();
}

absl::StatusOr<StoredRecord> Publisher::Get(uint64_t sequence) {
  natsMsg* m = nullptr;
  jsErrCode code = static_cast<jsErrCode>(0);
  natsStatus s = js_GetMsg(&m, impl_->js, impl_->options.stream.c_str(), sequence, nullptr, &code);
  if (s != NATS_OK) return NatsError(absl::StrCat("message ", sequence), s, code);
  StoredRecord r;
  r.sequence = natsMsg_GetSequence(m);
  r.subject = natsMsg_GetSubject(m);
  r.msg_id = Header(m, "Nats-Msg-Id");
  r.position = Header(m, "Reskontra-Position");
  r.hash_hex = Header(m, "Reskontra-Hash");
  r.prev_hash_hex = Header(m, "Reskontra-Prev-Hash");
  const bool parsed = r.event.ParseFromArray(natsMsg_GetData(m), natsMsg_GetDataLength(m));
  natsMsg_Destroy(m);
  if (!parsed) return absl::DataLossError(absl::StrCat("message ", sequence, " is not a JournalEvent"));
  return r;
}

absl::StatusOr<RunStats> Run(pb::Ledger::Stub& ledger, Publisher& publisher, const std::atomic<bool>& stop,
                             const std::function<void(const RunStats&)>& on_progress) {
  absl::StatusOr<std::pair<uint64_t, std::string>> published = publisher.Published();
  if (!published.ok()) return published.status();
  RunStats stats;
  stats.resumed_after = stats.last_position = published->first;
  {
    grpc::ClientContext head_ctx;
    pb::GetHeadResponse head;
    grpc::Status s = ledger.GetHead(&head_ctx, pb::GetHeadRequest(), &head);
    if (!s.ok()) return absl::UnavailableError(absl::StrCat("the ledger's head: ", s.error_message()));
    if (head.position() < published->first)
      return absl::FailedPreconditionError(absl::StrCat("the stream holds positions up to ", published->first,
                                                        " but the ledger's head is ", head.position(),
                                                        ": a different or restored ledger"));
  }

  grpc::ClientContext ctx;
  pb::SubscribeRequest request;
  // From the last published record, to check the seam against the ledger's hash.
  request.set_from_position(published->first == 0 ? 1 : published->first);
  request.set_heartbeat_ms(500);  // wakes the loop to notice `stop` and report progress
  std::unique_ptr<grpc::ClientReader<pb::JournalEvent>> reader = ledger.Subscribe(&ctx, request);
  pb::JournalEvent e;
  bool seam_checked = published->first == 0;
  absl::Time last_report = absl::Now();
  uint64_t sent = 0;
  absl::Status failed;
  while (!stop.load() && reader->Read(&e)) {
    if (e.position() != 0) {
      if (!seam_checked) {
        if (e.position() != published->first || Hex(e.hash()) != published->second) {
          failed = absl::FailedPreconditionError(
              absl::StrCat("the stream's last message (position ", published->first, ", hash ",
                           published->second.substr(0, 16), "…) is not this ledger's record ", e.position(),
                           " (", Hex(e.hash()).substr(0, 16), "…): a different or restored ledger"));
          break;
        }
        seam_checked = true;
        continue;
      }
      if (e.position() != stats.last_position + 1) {
        failed = absl::DataLossError(
            absl::StrCat("Subscribe sent position ", e.position(), " after ", stats.last_position));
        break;
      }
      if (absl::Status s = publisher.Publish(e); !s.ok()) {
        failed = s;
        break;
      }
      stats.last_position = e.position();
      ++sent;
    }
    if (on_progress && absl::Now() - last_report > absl::Seconds(1)) {
      last_report = absl::Now();
      stats.published = sent;
      on_progress(stats);
    }
  }
  ctx.TryCancel();
  reader->Finish();
  absl::Status flushed = publisher.Flush();
  if (!failed.ok()) return failed;
  if (!flushed.ok()) return flushed;
  stats.published = sent;
  if (!stop.load())
    return absl::UnavailableError(
        absl::StrCat("the ledger's Subscribe stream ended after position ", stats.last_position));
  return stats;
}

}  // namespace reskontra::relay
