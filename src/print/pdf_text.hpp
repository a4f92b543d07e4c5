#pragma once
// Internal to the print module: the pieces every document shares (libharu): a document that reports the
// library's first error, text wrapped to a width and drawn line by line, rules, centred footers, and the
// finished document's bytes.

#include <hpdf.h>

#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "core/error.hpp"

namespace physio::print::pdf {

constexpr float kPageW = 595.276F;  // A4 in points
constexpr float kPageH = 841.89F;
constexpr float kMargin = 56.0F;
constexpr float kLead = 1.35F;  // line height as a multiple of the font size

/// The first error the library reported (it calls back instead of throwing).
struct ErrorSink {
  HPDF_STATUS status = HPDF_OK;
  HPDF_STATUS detail = 0;
};
void on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void* user_data);

struct DocDeleter {
  void operator()(HPDF_Doc d) const { HPDF_Free(d); }
};
using Doc = std::unique_ptr<std::remove_pointer_t<HPDF_Doc>, DocDeleter>;

struct Fonts {
  HPDF_Font regular;
  HPDF_Font bold;
};

/// A new uncompressed document (the text stays searchable) reporting into `sink`, with its creator and
/// title (UTF-8), and Helvetica regular and bold. kInternal when the library cannot start.
Result<Doc> new_document(ErrorSink& sink, const std::string& title_utf8, Fonts& fonts);

/// One line of text to draw: its font, size and indent.
struct Line {
  std::string text;  ///< Windows-1252
  HPDF_Font font;
  float size;
  float indent = 0.0F;
  float space_before = 0.0F;
};

/// `text` (Windows-1252) wrapped to `width` points in `font` at `size` (words longer than a line are cut).
std::vector<std::string> wrap(HPDF_Font font, float size, const std::string& text, float width);
/// `utf8` converted to Windows-1252, wrapped to `width` and appended to `out` as lines; `before` is the
/// space above the first of them.
void add_wrapped(std::vector<Line>& out, HPDF_Font font, float size, const std::string& utf8, float width,
                 float indent = 0.0F, float before = 0.0F);
/// The height `lines` take.
float height_of(const std::vector<Line>& lines);
/// Draws `lines` from `y` down (each line's baseline below the previous one); `y` ends at the last.
void draw(HPDF_Page page, const std::vector<Line>& lines, float& y);
/// A thin grey rule across the text width at `y`.
void rule(HPDF_Page page, float y);
/// `text_utf8` in 9 pt, centred at the foot of the page.
void footer(HPDF_Page page, HPDF_Font font, const std::string& text_utf8);
/// The document's bytes; kInternal when the library reported an error.
Result<std::string> finish(HPDF_Doc pdf, const ErrorSink& sink);

}  // namespace physio::print::pdf
