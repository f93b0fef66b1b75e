// The renderer: DocumentContent (domain/documents.h) drawn as A4 PDF pages with cairo and pango
// (text layout with any Unicode letter, in the DejaVu fonts the setup script installs). It
// decides nothing: every word and amount comes from the content. The bytes are a function of
// the content only: the PDF's dates are the document's date, never the clock, so a reprint from
// the same journal positions is byte-identical.
//
//   ASSIGN_OR_RETURN(std::string pdf, RenderPdf(documents));  // one document per page (or more)
#ifndef RESKONTRA_DOCUMENTS_PDF_H_
#define RESKONTRA_DOCUMENTS_PDF_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/documents.h"

namespace reskontra {

// One print file: the documents in their order, each starting on a new page. INVALID_ARGUMENT
// for an empty list (a run with nothing to print produces no file). `pages`: the pages drawn.
absl::StatusOr<std::string> RenderPdf(const std::vector<DocumentContent>& documents, int* pages = nullptr);

// The same bytes handed to `sink` as cairo writes them (page by page), so a print file of any
// size need not be held in memory. A sink returning false stops the drawing: CANCELLED.
using PdfSink = std::function<bool(absl::string_view bytes)>;
absl::Status RenderPdfTo(const std::vector<DocumentContent>& documents, const PdfSink& sink,
                         int* pages = nullptr);

// A list (kontrollista, inbetalningslista) on A4 landscape: the heading, then the rows under the
// column labels repeated on every page, cells cut with an ellipsis at their column's width.
// INVALID_ARGUMENT when a row has not a cell per column.
absl::StatusOr<std::string> RenderListPdf(const ListContent& list, int* pages = nullptr);

}  // namespace reskontra

#endif  // RESKONTRA_DOCUMENTS_PDF_H_
