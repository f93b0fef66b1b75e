// Exports of the audit reports: the saldolista and kundfordringar as CSV (semicolon-separated,
// amounts in kronor with a decimal point, dates ISO 8601, UTF-8) and the saldolista as XLSX
// (libxlsxwriter). One row schema per report: the first column says whether a line is an
// invoice ("faktura") or a subtotal ("rutin", "foretag") or the grand total ("total"), so a
// spreadsheet can filter on it; FAKTURERAT + PÅFÖRT + INBETALT = SALDO on every line.
#ifndef RESKONTRA_REPLAY_EXPORT_H_
#define RESKONTRA_REPLAY_EXPORT_H_

#include <string>

#include "absl/status/statusor.h"
#include "domain/saldolista.h"

namespace reskontra {

std::string SaldolistaCsv(const Saldolista& list, bool totals_only);
// The workbook's bytes: one sheet "Saldolista", header row, amounts as numbers in kronor.
absl::StatusOr<std::string> SaldolistaXlsx(const Saldolista& list, bool totals_only);
std::string AgedReceivablesCsv(const AgedReceivables& aged);

}  // namespace reskontra

#endif  // RESKONTRA_REPLAY_EXPORT_H_
