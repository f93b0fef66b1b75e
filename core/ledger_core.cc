#include "core/ledger_core.h"

#include <thread>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "domain/decide.h"

namespace reskontra {

absl::StatusOr<std::unique_ptr<LedgerCore>> LedgerCore::Open(const Options& options) {
  RESKONTRA_CHECK(options.clock != nullptr);
  std::unique_ptr<LedgerCore> core(new LedgerCore());
  core->options_ = options;
  core->replica_.primary = options.replica_of;
  ASSIGN_OR_RETURN(core->journal_, Journal::Open({.path = options.data_dir,
                                                  .read_only = options.read_only,
                                                  .sync = options.sync,
                                                  .env = options.env}));
  // Verifying the chain reads the journal; loading the projection reads its rows (and folds
  // the records after its checkpoint): neither writes what the other reads.
  std::thread verifier;
  if (options.verify_on_open) verifier = std::thread([&core] { core->verified_ = core->journal_->Verify(); });
  struct Join {
    std::thread& t;
    ~Join() {
      if (t.joinable()) t.join();
    }
  };
  absl::StatusOr<std::unique_ptr<ReskontraProjection>> projection = [&] {
    Join join{verifier};  // on every way out, an exception included
    return ReskontraProjection::Open(core->journal_.get(), options.snapshot_every,
                                     options.replica_of.empty() ? ReskontraProjection::Mode::kStaged
                                                                : ReskontraProjection::Mode::kFollowDurable);
  }();
  if (!projection.ok()) {
    // A broken chain is the likelier cause, and names its position.
    if (core->verified_ && !core->verified_->ok())
      return absl::Status(core->verified_->status().code(),
                          absl::StrCat("the journal does not verify: ", core->verified_->status().message(),
                                       " (and the projection: ", projection.status().message(), ")"));
    return projection.status();
  }
  core->projection_ = *std::move(projection);
  if (core->journal_->DurableHead() > 0) {
    ASSIGN_OR_RETURN(JournalRecord head, core->journal_->Read(core->journal_->DurableHead()));
    core->last_recorded_at_ = head.event.meta.recorded_at;
  }
  return core;
}

absl::Status LedgerCore::ApplyReplicated(std::vector<JournalRecord> records) {
  if (options_.replica_of.empty()) return absl::FailedPreconditionError("not a read replica");
  if (records.empty()) return absl::OkStatus();
  ASSIGN_OR_RETURN(uint64_t last, journal_->StageReplicated(std::move(records)));
  return journal_->WaitDurable(last);
}

LedgerCore::~LedgerCore() {
  // The projection unregisters from the journal first; the journal then drains its queue.
  projection_.reset();
  journal_.reset();
}

Date LedgerCore::Today() const { return absl::ToCivilDay(options_.clock->Now(), options_.time_zone); }

absl::StatusOr<AppendResult> LedgerCore::StageLocked(ReskontraProjection::Writer& writer,
                                                     const Command& command, const Hash& fingerprint,
                                                     bool rows_now) {
  RETURN_IF_ERROR(ValidateCommandMeta(command.meta, IsSharedRegisterCommand(command.body)));
  if (options_.read_only) return absl::FailedPreconditionError("the ledger is open read-only");
  if (!options_.replica_of.empty())
    return absl::FailedPreconditionError(
        absl::StrCat("this is a read replica of ", options_.replica_of, ": send commands to the primary"));
  // A retry is answered from the command index before its rules are checked again: the
  // original may well be why the rules would refuse it now (the invoice exists). The
  // lookup is under the writer lock so that a concurrent identical retry sees the staged
  // original.
  ASSIGN_OR_RETURN(std::optional<CommandEntry> known, journal_->FindCommand(command.meta.command_id));
  if (known.has_value()) {
    if (known->fingerprint != fingerprint) {
      return absl::AlreadyExistsError(
          absl::StrCat("command id ", command.meta.command_id, " was already used for another command"));
    }
    return AppendResult{known->first_position, known->last_position, true};
  }
  // recorded_at never decreases, even if the wall clock steps back. It is cut to the record's
  // precision (microseconds) here, before Decide and Apply see it, so that nothing the live
  // state keeps from it (an approval's request time …) is finer than what a rebuild reads.
  absl::Time now =
      absl::FromUnixMicros(absl::ToUnixMicros(std::max(options_.clock->Now(), last_recorded_at_)));
  DecideContext ctx{now, absl::ToCivilDay(now, options_.time_zone)};
  const auto [head, hash] = journal_->StagedHead();
  ctx.head_position = head;
  if (head != 0) ctx.head_hash = HashToHex(hash);
  // The envelope was validated above, before the command id was looked up.
  ASSIGN_OR_RETURN(std::vector<Event> events, DecideValidated(writer.state(), command, ctx));
  ASSIGN_OR_RETURN(AppendResult result, writer.Stage(AppendRequest{.command_id = command.meta.command_id,
                                                                   .fingerprint = fingerprint,
                                                                   .events = std::move(events),
                                                                   .id_is_new = true},
                                                     rows_now));
  last_recorded_at_ = now;
  return result;
}

absl::StatusOr<AppendResult> LedgerCore::Execute(const Command& command, const Hash& fingerprint) {
  absl::StatusOr<AppendResult> result = projection_->Write(
      [&](ReskontraProjection::Writer& w) { return StageLocked(w, command, fingerprint); });
  if (!result.ok()) return result.status();
  RETURN_IF_ERROR(journal_->WaitDurable(result->last_position));
  return result;
}

void LedgerCore::ExecuteAsync(const Command& command, const Hash& fingerprint,
                              std::function<void(absl::StatusOr<AppendResult>)> done, StagedFn staged) {
  uint64_t seen = 0;
  absl::StatusOr<AppendResult> result = projection_->Write([&](ReskontraProjection::Writer& w) {
    absl::StatusOr<AppendResult> r = StageLocked(w, command, fingerprint);
    if (r.ok() && staged) staged(w.state());
    seen = w.applied();
    return r;
  });
  if (!result.ok()) return done(result.status());
  journal_->WhenDurable(std::max(result->last_position, seen),
                        [r = *result, done = std::move(done)](absl::Status s) {
                          if (s.ok()) return done(r);
                          done(s);
                        });
}

LedgerCore::StagedBatch LedgerCore::StageBatch(absl::Span<const BatchItem> items) {
  StagedBatch batch;
  batch.results.reserve(items.size());
  projection_->Write([&](ReskontraProjection::Writer& w) {
    for (const BatchItem& item : items) {
      if (!item.command.ok()) {
        batch.results.push_back(item.command.status());
        continue;
      }
      // The batch's rows go to the journal once, behind its last record (Write).
      batch.results.push_back(StageLocked(w, *item.command, item.fingerprint, /*rows_now=*/false));
      // A replayed item may point at a concurrent command's staged records: wait for those too.
      if (batch.results.back().ok())
        batch.wait_for = std::max(batch.wait_for, batch.results.back()->last_position);
    }
    return 0;
  });
  return batch;
}

void LedgerCore::WaitDurable(StagedBatch& batch) {
  if (batch.wait_for == 0) return;
  absl::Status s = journal_->WaitDurable(batch.wait_for);
  if (s.ok()) return;
  for (absl::StatusOr<AppendResult>& r : batch.results)
    if (r.ok()) r = s;
}

std::vector<absl::StatusOr<AppendResult>> LedgerCore::ExecuteBatch(absl::Span<const BatchItem> items) {
  StagedBatch batch = StageBatch(items);
  WaitDurable(batch);
  return std::move(batch.results);
}

}  // namespace reskontra
