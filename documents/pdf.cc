#include "documents/pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <qrencode.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"

namespace reskontra {

namespace {

// A4 in points, 20 mm margins.
constexpr double kWidth = 595.2756, kHeight = 841.8898;
constexpr double kLeft = 56.69, kRight = kWidth - 56.69;
constexpr double kTop = 50.0;
constexpr double kFooterY = kHeight - 40.0;
constexpr double kPaymentBoxHeight = 104.0;
constexpr double kQrSide = 92.0;  // with its quiet zone: ~0.6 mm a module at version 9
constexpr double kPaymentBoxY = kFooterY - 24.0 - kPaymentBoxHeight;
constexpr const char* kFamily = "DejaVu Sans";

// Where cairo's bytes go, and whether the sink took them.
struct Output {
  const PdfSink* sink;
  bool stopped = false;
};

cairo_status_t Write(void* closure, const unsigned char* data, unsigned int length) {
  auto* out = static_cast<Output*>(closure);
  if (out->stopped || !(*out->sink)(absl::string_view(reinterpret_cast<const char*>(data), length))) {
    out->stopped = true;
    return CAIRO_STATUS_WRITE_ERROR;
  }
  return CAIRO_STATUS_SUCCESS;
}

struct GObjectDeleter {
  void operator()(void* p) const { g_object_unref(p); }
};

// Text and rules on a cairo surface, with one pango layout.
class Canvas {
 public:
  explicit Canvas(cairo_t* cr) : cr_(cr), layout_(pango_cairo_create_layout(cr)) {
    // Metrics unhinted: the layout is the same whatever the output device.
    cairo_font_options_t* options = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(pango_layout_get_context(layout_.get()), options);
    cairo_font_options_destroy(options);
    pango_layout_set_wrap(layout_.get(), PANGO_WRAP_WORD_CHAR);
  }

  int pages() const { return pages_; }

 protected:
  // Sets the text and style; returns its size in points. `one_line`: cut with an ellipsis at
  // `width` instead of wrapped.
  std::pair<double, double> Set(const std::string& text, double size, bool bold, double width,
                                PangoAlignment align = PANGO_ALIGN_LEFT, bool one_line = false) {
    PangoFontDescription* font = pango_font_description_new();
    pango_font_description_set_family(font, kFamily);
    pango_font_description_set_absolute_size(font, size * PANGO_SCALE);
    pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(layout_.get(), font);
    pango_font_description_free(font);
    pango_layout_set_width(layout_.get(), width > 0 ? static_cast<int>(width * PANGO_SCALE) : -1);
    pango_layout_set_alignment(layout_.get(), align);
    pango_layout_set_ellipsize(layout_.get(), one_line ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
    pango_layout_set_text(layout_.get(), text.data(), static_cast<int>(text.size()));
    int w = 0, h = 0;
    pango_layout_get_size(layout_.get(), &w, &h);
    return {static_cast<double>(w) / PANGO_SCALE, static_cast<double>(h) / PANGO_SCALE};
  }
  // Draws text at (x, y); returns the y below it.
  double Text(const std::string& text, double x, double y, double size, bool bold = false, double width = 0,
              PangoAlignment align = PANGO_ALIGN_LEFT, double grey = 0.0, bool one_line = false) {
    auto [w, h] = Set(text, size, bold, width, align, one_line);
    cairo_set_source_rgb(cr_, grey, grey, grey);
    cairo_move_to(cr_, x, y);
    pango_cairo_show_layout(cr_, layout_.get());
    return y + h;
  }
  void Rule(double y, double width = 0.6, double left = kLeft, double right = kRight) {
    cairo_set_source_rgb(cr_, 0.3, 0.3, 0.3);
    cairo_set_line_width(cr_, width);
    cairo_move_to(cr_, left, y);
    cairo_line_to(cr_, right, y);
    cairo_stroke(cr_);
  }

  cairo_t* cr_;
  std::unique_ptr<PangoLayout, GObjectDeleter> layout_;
  int pages_ = 0;
};

// Draws one document (on as many pages as it needs).
class Page : public Canvas {
 public:
  using Canvas::Canvas;

  void Draw(const DocumentContent& d) {
    doc_ = &d;
    ++pages_;
    Header(true);
    double y = std::max(Fields(d.fields, kTop + 80), Recipient(d.recipient, kTop + 80)) + 26;
    for (const std::string& p : d.before) y = Paragraph(p, y) + 8;
    y = Table(d, y + 6) + 14;
    for (const std::string& p : d.after) y = Paragraph(p, y) + 8;
    if (d.payment) {
      if (y > kPaymentBoxY - 10) NewPage();
      PaymentBox(*d.payment);
    }
    Footer();
    cairo_show_page(cr_);
  }

 private:
  void Header(bool first) {
    const DocumentContent& d = *doc_;
    double y = Text(d.sender.name, kLeft, kTop, 13, true, 280);
    if (!d.sender.org_number.empty())
      Text(absl::StrCat("Org.nr ", d.sender.org_number), kLeft, y + 2, 8.5, false, 280, PANGO_ALIGN_LEFT,
           0.35);
    const double half = kRight - 300;
    double ty = Text(d.title, half, kTop, 16, true, 300, PANGO_ALIGN_RIGHT);
    Text(absl::StrCat(FormatDate(d.date), first ? "" : "  (forts.)"), half, ty + 2, 9, false, 300,
         PANGO_ALIGN_RIGHT, 0.35);
  }
  double Fields(const std::vector<DocumentField>& fields, double y) {
    for (const DocumentField& f : fields) {
      Text(f.label, kLeft, y, 8.5, false, 92, PANGO_ALIGN_LEFT, 0.35);
      y = Text(f.value, kLeft + 95, y - 0.5, 9.5, false, 150) + 2.5;
    }
    return y;
  }
  double Recipient(const DocumentParty& p, double y) {
    const double x = 320;  // the window of a C5 / E65 envelope
    y = Text(p.name, x, y, 10.5, true, kRight - x) + 1;
    for (const std::string& line : p.address) y = Text(line, x, y, 10.5, false, kRight - x) + 1;
    return y;
  }
  double Paragraph(const std::string& text, double y) {
    auto [w, h] = Set(text, 10, false, kRight - kLeft);
    if (y + h > kPaymentBoxY - 6) {
      NewPage();
      y = kTop + 70;
    }
    return Text(text, kLeft, y, 10, false, kRight - kLeft);
  }
  double Table(const DocumentContent& d, double y) {
    const double amount_x = kRight - 130;
    Text("Specifikation", kLeft, y, 8.5, true, 200, PANGO_ALIGN_LEFT, 0.35);
    Text("Belopp, kr", amount_x, y, 8.5, true, 130, PANGO_ALIGN_RIGHT, 0.35);
    y += 13;
    Rule(y);
    y += 5;
    for (const DocumentRow& r : d.rows) {
      if (y > kPaymentBoxY - 40) {
        NewPage();
        y = kTop + 70;
      }
      const double below = Text(r.text, kLeft, y, 10, false, amount_x - kLeft - 10);
      Text(r.amount.ToKronor(), amount_x, y, 10, false, 130, PANGO_ALIGN_RIGHT);
      y = below;
      if (!r.detail.empty())
        y = Text(r.detail, kLeft, y, 8.5, false, amount_x - kLeft - 10, PANGO_ALIGN_LEFT, 0.35);
      y += 4;
    }
    Rule(y, 0.9);
    y += 5;
    Text(d.total_label, kLeft, y, 11, true, 300);
    return Text(d.total.ToKronor(), amount_x, y, 11, true, 130, PANGO_ALIGN_RIGHT);
  }
  void PaymentBox(const PaymentInstruction& p) {
    cairo_set_source_rgb(cr_, 0.3, 0.3, 0.3);
    cairo_set_line_width(cr_, 0.8);
    cairo_rectangle(cr_, kLeft, kPaymentBoxY, kRight - kLeft, kPaymentBoxHeight);
    cairo_stroke(cr_);
    Text("Betalningsinformation", kLeft + 10, kPaymentBoxY + 8, 9, true, 300);
    const bool qr = !p.qr.empty() && Qr(p.qr, kRight - 6 - kQrSide, kPaymentBoxY + 6, kQrSide);
    if (qr)
      Text("Skanna med bankappen", kRight - 6 - kQrSide - 124, kPaymentBoxY + kPaymentBoxHeight - 18, 7.5,
           false, 118, PANGO_ALIGN_RIGHT, 0.35);
    const double column = (kRight - kLeft - 20 - (qr ? kQrSide + 8 : 0)) / 4;
    const std::pair<std::string, std::string> cells[] = {{"Bankgiro", p.bankgiro},
                                                         {"OCR-nummer", p.ocr},
                                                         {"Belopp, kr", p.amount.ToKronor()},
                                                         {"Betala senast", FormatDate(p.due)}};
    for (int i = 0; i < 4; ++i) {
      const double x = kLeft + 10 + i * column;
      Text(cells[i].first, x, kPaymentBoxY + 30, 8.5, false, column - 6, PANGO_ALIGN_LEFT, 0.35);
      Text(cells[i].second, x, kPaymentBoxY + 43, 12, true, column - 6);
    }
  }
  // The QR code of `text` in a square of `side` points with its top left at (x, y), with the
  // standard four-module quiet zone; false when the text does not fit a QR code. Drawn as one
  // small image, a pixel a module, scaled without smoothing: a few hundred bytes a page, where
  // a rectangle a module cost 14 kB and made rendering six times slower.
  bool Qr(const std::string& text, double x, double y, double side) {
    QRcode* code = QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_L);
    if (code == nullptr) return false;
    const int n = code->width, w = n + 8;
    cairo_surface_t* image = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, w);
    const int stride = cairo_image_surface_get_stride(image);
    cairo_surface_flush(image);
    unsigned char* pixels = cairo_image_surface_get_data(image);
    for (int row = 0; row < w; ++row) {
      auto* line = reinterpret_cast<uint32_t*>(pixels + row * stride);
      for (int col = 0; col < w; ++col) {
        const bool inside = row >= 4 && row < n + 4 && col >= 4 && col < n + 4;
        const bool dark = inside && (code->data[(row - 4) * n + (col - 4)] & 1);
        line[col] = dark ? 0x000000 : 0xffffff;
      }
    }
    cairo_surface_mark_dirty(image);
    QRcode_free(code);
    cairo_save(cr_);
    cairo_translate(cr_, x, y);
    cairo_scale(cr_, side / w, side / w);
    cairo_set_source_surface(cr_, image, 0, 0);
    cairo_pattern_set_filter(cairo_get_source(cr_), CAIRO_FILTER_NEAREST);
    cairo_paint(cr_);
    cairo_restore(cr_);
    cairo_surface_destroy(image);
    return true;
  }
  void Footer() {
    Rule(kFooterY - 6, 0.4);
    Text(doc_->footer, kLeft, kFooterY, 8, false, kRight - kLeft, PANGO_ALIGN_CENTER, 0.35);
  }
  void NewPage() {
    Footer();
    cairo_show_page(cr_);
    ++pages_;
    Header(false);
  }

  const DocumentContent* doc_ = nullptr;
};

// A4 landscape for lists.
constexpr double kListWidth = kHeight, kListHeight = kWidth;
constexpr double kListLeft = 40.0, kListRight = kListWidth - 40.0;
constexpr double kListFooterY = kListHeight - 30.0;

// Draws a list: its heading on the first page, the column labels on every page.
class ListPage : public Canvas {
 public:
  explicit ListPage(cairo_t* cr, const ListContent& l) : Canvas(cr), l_(l) {
    int weights = 0;
    for (const ListColumn& c : l.columns) weights += std::max(c.weight, 1);
    double x = kListLeft;
    for (const ListColumn& c : l.columns) {
      x_.push_back(x);
      const double w = (kListRight - kListLeft) * std::max(c.weight, 1) / std::max(weights, 1);
      w_.push_back(w);
      x += w;
    }
  }

  void Draw() {
    double y = Top(true);
    for (const std::string& line : l_.heading)
      y = Text(line, kListLeft, y, 9, false, kListRight - kListLeft) + 1;
    y = Labels(y + 8);
    for (const ListContent::Row& row : l_.rows) {
      if (y > kListFooterY - 24) {
        NewPage();
        y = Labels(Top(false));
      }
      if (row.subtotal) Rule(y + 0.5, 0.3, kListLeft, kListRight);
      y = Row(row.cells, y + (row.subtotal ? 1.5 : 0), row.subtotal) + (row.subtotal ? 1.5 : 0);
    }
    if (!l_.totals.empty()) {
      Rule(y + 1, 0.9, kListLeft, kListRight);
      y = Row(l_.totals, y + 4, true);
    }
    for (const std::string& note : l_.notes) {
      if (y > kListFooterY - 30) {
        NewPage();
        y = Top(false);
      }
      y = Text(note, kListLeft, y + 6, 9, false, kListRight - kListLeft);
    }
    Footer();
    cairo_show_page(cr_);
  }

 private:
  double Top(bool first) {
    ++pages_;
    double y = Text(l_.company, kListLeft, 30, 12, true, 400);
    const double half = kListRight - 360;
    double ty = Text(l_.title, half, 30, 14, true, 360, PANGO_ALIGN_RIGHT);
    Text(absl::StrCat(FormatDate(l_.date), first ? "" : "  (forts.)"), half, ty + 1, 9, false, 360,
         PANGO_ALIGN_RIGHT, 0.35);
    return std::max(y, ty + 14) + 10;
  }
  // A cell of column i: text is cut with an ellipsis at the column's width, but an amount or a
  // number (a right-aligned column) is never cut: it is set smaller until it fits.
  double Cell(size_t i, const std::string& text, double y, double size, bool bold, double grey) {
    const double width = w_[i] - 6;
    if (!l_.columns[i].right) return Text(text, x_[i], y, size, bold, width, PANGO_ALIGN_LEFT, grey, true);
    auto [w, h] = Set(text, size, bold, 0);
    const double fitted = w > width ? std::max(size * width / w, 4.0) : size;
    auto [fw, fh] = Set(text, fitted, bold, 0);
    Text(text, x_[i] + width - fw, y + (h - fh), fitted, bold, 0, PANGO_ALIGN_LEFT, grey);
    return y + h;
  }
  double Labels(double y) {
    double below = y;
    for (size_t i = 0; i < l_.columns.size(); ++i)
      below = std::max(below, Cell(i, l_.columns[i].label, y, 8, true, 0.35));
    Rule(below + 2, 0.6, kListLeft, kListRight);
    return below + 5;
  }
  double Row(const std::vector<std::string>& row, double y, bool bold) {
    double below = y;
    for (size_t i = 0; i < l_.columns.size() && i < row.size(); ++i)
      below = std::max(below, Cell(i, row[i], y, 8.5, bold, 0.0));
    return below + 1.5;
  }
  void Footer() {
    Text(absl::StrCat(l_.title, "  ·  sida ", pages_), kListLeft, kListFooterY, 7.5, false,
         kListRight - kListLeft, PANGO_ALIGN_CENTER, 0.35);
  }
  void NewPage() {
    Footer();
    cairo_show_page(cr_);
  }

  const ListContent& l_;
  std::vector<double> x_, w_;
};

}  // namespace

namespace {

// A PDF file of pages `width` x `height` points dated `date` (its creation and modification
// date: a reprint gives the same bytes), drawn by `draw`, which returns the pages it drew.
absl::Status Pdf(double width, double height, Date date, const std::string& title,
                 const std::function<int(cairo_t*, const bool& stopped)>& draw, const PdfSink& sink,
                 int* pages) {
  Output out{&sink};
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(Write, &out, width, height);
  const std::string when = absl::StrCat(FormatDate(date), "T00:00:00Z");
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, when.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, when.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Reskontra");
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_t* cr = cairo_create(surface);
  const int drawn = draw(cr, out.stopped);
  if (pages != nullptr) *pages = drawn;
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  const cairo_status_t status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (out.stopped) return absl::CancelledError("the PDF's reader stopped taking it");
  if (status != CAIRO_STATUS_SUCCESS)
    return absl::InternalError(absl::StrCat("the PDF could not be drawn: ", cairo_status_to_string(status)));
  return absl::OkStatus();
}

absl::StatusOr<std::string> InMemory(const std::function<absl::Status(const PdfSink&)>& render) {
  std::string out;
  const PdfSink append = [&out](absl::string_view bytes) {
    out.append(bytes.data(), bytes.size());
    return true;
  };
  RETURN_IF_ERROR(render(append));
  return out;
}

}  // namespace

absl::Status RenderPdfTo(const std::vector<DocumentContent>& documents, const PdfSink& sink, int* pages) {
  if (documents.empty()) return absl::InvalidArgumentError("nothing to print");
  // The file's dates are the first document's date.
  return Pdf(
      kWidth, kHeight, documents.front().date, documents.front().title,
      [&documents](cairo_t* cr, const bool& stopped) {
        Page page(cr);
        for (const DocumentContent& d : documents) {
          if (stopped) break;  // the reader is gone: no use laying out the rest
          page.Draw(d);
        }
        return page.pages();
      },
      sink, pages);
}

absl::StatusOr<std::string> RenderPdf(const std::vector<DocumentContent>& documents, int* pages) {
  return InMemory([&](const PdfSink& sink) { return RenderPdfTo(documents, sink, pages); });
}

absl::StatusOr<std::string> RenderListPdf(const ListContent& list, int* pages) {
  if (list.columns.empty()) return absl::InvalidArgumentError("a list has columns");
  for (const ListContent::Row& row : list.rows)
    if (row.cells.size() != list.columns.size())
      return absl::InvalidArgumentError("every row of a list has a cell per column");
  return InMemory([&](const PdfSink& sink) {
    return Pdf(
        kListWidth, kListHeight, list.date, list.title,
        [&list](cairo_t* cr, const bool&) {
          ListPage page(cr, list);
          page.Draw();
          return page.pages();
        },
        sink, pages);
  });
}

}  // namespace reskontra
