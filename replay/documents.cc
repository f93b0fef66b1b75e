#include "replay/documents.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"

namespace reskontra {

absl::StatusOr<std::vector<DocumentContent>> DunningRunLetters(const Journal& journal, uint64_t up_to,
                                                               CompanyId company, Date run_date,
                                                               std::optional<int32_t> routine) {
  LedgerState state;
  std::vector<DocumentContent> out;
  // The current command's letters, made into documents once all its events are applied.
  std::string command;
  std::vector<std::pair<DunningStepIssued, EventMeta>> letters;
  bool is_the_run = false, found = false;
  absl::Status failed;
  auto finish_command = [&]() -> absl::Status {
    if (is_the_run) {
      found = true;
      for (const auto& [letter, meta] : letters) {
        ASSIGN_OR_RETURN(DocumentContent d, DunningLetterDocument(state, company, letter, meta));
        out.push_back(std::move(d));
      }
    }
    letters.clear();
    is_the_run = false;
    return absl::OkStatus();
  };
  RETURN_IF_ERROR(journal.ScanAhead(1, up_to, [&](const JournalRecord& r) {
    if (r.event.meta.command_id != command) {
      failed = finish_command();
      if (!failed.ok()) return false;
      command = r.event.meta.command_id;
    }
    failed = Apply(state, r.event);
    if (!failed.ok()) {
      failed = absl::DataLossError(absl::StrCat("position ", r.position, ": ", failed.message()));
      return false;
    }
    if (r.event.meta.company != company) return true;
    if (const auto* l = std::get_if<DunningStepIssued>(&r.event.body)) letters.emplace_back(*l, r.event.meta);
    if (const auto* done = std::get_if<DunningRunCompleted>(&r.event.body);
        done && done->run_date == run_date && (!routine || done->routine == *routine))
      is_the_run = true;
    return true;
  }));
  RETURN_IF_ERROR(failed);
  RETURN_IF_ERROR(finish_command());
  if (!found)
    return absl::NotFoundError(absl::StrCat("company ", company, " made no dunning run on ",
                                            FormatDate(run_date),
                                            routine ? absl::StrCat(" for routine ", *routine) : ""));
  return out;
}

}  // namespace reskontra
