// Debiteringsstatistik (handbook: statistics per routine and period): for each routine, how
// many of each ledger action happened in a period of transaction dates and for how much, and
// each amount's share of the routine's invoiced total. Folded from events in journal order
// (replay/ drives it), so it can be asked on the known-at axis as well.
//
//   StatisticsBuilder b(filter);
//   for each record: b.Add(event);
//   Statistics s = b.Finish();
#ifndef RESKONTRA_DOMAIN_STATISTICS_H_
#define RESKONTRA_DOMAIN_STATISTICS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/btree_map.h"
#include "domain/events.h"
#include "domain/limits.h"
#include "domain/reports.h"

namespace reskontra {

struct StatisticsFilter {
  CompanyId company = 1;
  int32_t routine_from = 0, routine_to = limits::kRoutineMax;
  DateRange dates;  // transaktionsdatum
};

struct StatisticsRow {
  int32_t routine = 0;
  std::string action;  // "fakturerat", "inbetalt", "påminnelse 1", ...
  int64_t count = 0;
  Money amount;          // a letter: the fees it charged
  int32_t share_bp = 0;  // amount / the routine's invoiced total, hundredths of a percent
  friend bool operator==(const StatisticsRow&, const StatisticsRow&) = default;
};

struct Statistics {
  std::vector<StatisticsRow> rows;  // by routine, then the action order of the handbook
  friend bool operator==(const Statistics&, const Statistics&) = default;
};

class StatisticsBuilder {
 public:
  explicit StatisticsBuilder(StatisticsFilter filter) : filter_(std::move(filter)) {}
  void Add(const Event& e);
  Statistics Finish() const;

 private:
  void Count(InvoiceNumber invoice, int order, absl::string_view action, Money amount);

  StatisticsFilter filter_;
  // (routine, order) -> row
  absl::btree_map<std::pair<int32_t, int>, StatisticsRow> rows_;
};

}  // namespace reskontra

#endif  // RESKONTRA_DOMAIN_STATISTICS_H_
