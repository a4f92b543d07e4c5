#include "print/program_pdf.hpp"

#include <hpdf.h>

#include <algorithm>
#include <memory>

#include <fmt/format.h>

#include "print/cp1252.hpp"
#include "print/figure_pdf.hpp"

namespace physio::print {
namespace {

constexpr float kPageW = 595.276F;  // A4 in points
constexpr float kPageH = 841.89F;
constexpr float kMargin = 56.0F;
constexpr float kFooter = 40.0F;  // the footer's band above the bottom margin
constexpr float kBody = 11.0F;
constexpr float kLead = 1.35F;
constexpr float kFigureW = 180.0F;  // the exercise's figure beside its text
constexpr float kFigureH = 120.0F;
constexpr float kFigureGap = 12.0F;  // line height as a multiple of the font size

/// The first error the library reported (it calls back instead of throwing).
struct ErrorSink {
  HPDF_STATUS status = HPDF_OK;
  HPDF_STATUS detail = 0;
};

void on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void* user_data) {
  auto* sink = static_cast<ErrorSink*>(user_data);
  if (sink->status == HPDF_OK) {
    sink->status = error_no;
    sink->detail = detail_no;
  }
}

struct DocDeleter {
  void operator()(HPDF_Doc d) const { HPDF_Free(d); }
};
using Doc = std::unique_ptr<std::remove_pointer_t<HPDF_Doc>, DocDeleter>;

/// One line of text to draw: its font, size and indent.
struct Line {
  std::string text;  ///< Windows-1252
  HPDF_Font font;
  float size;
  float indent = 0.0F;
  float space_before = 0.0F;
};

/// `text` wrapped to `width` points in `font` at `size`, as lines (words longer than a line are cut).
std::vector<std::string> wrap(HPDF_Font font, float size, const std::string& text, float width) {
  std::vector<std::string> lines;
  std::string line;
  auto fits = [&](const std::string& s) {
    const auto w = HPDF_Font_TextWidth(font, reinterpret_cast<const HPDF_BYTE*>(s.data()),
                                       static_cast<HPDF_UINT>(s.size()));
    return static_cast<float>(w.width) * size / 1000.0F <= width;
  };
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t sp = text.find(' ', i);
    std::string word = text.substr(i, sp == std::string::npos ? std::string::npos : sp - i);
    i = sp == std::string::npos ? text.size() : sp + 1;
    if (word.empty()) continue;
    const std::string candidate = line.empty() ? word : line + " " + word;
    if (fits(candidate)) {
      line = candidate;
      continue;
    }
    if (!line.empty()) lines.push_back(line);
    // A word wider than the line: cut it.
    while (!fits(word) && word.size() > 1) {
      std::size_t n = word.size() - 1;
      while (n > 1 && !fits(word.substr(0, n))) --n;
      lines.push_back(word.substr(0, n));
      word = word.substr(n);
    }
    line = word;
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

struct Fonts {
  HPDF_Font regular;
  HPDF_Font bold;
};

/// An exercise as lines, in order.
std::vector<Line> exercise_lines(const Fonts& f, int number, const PrintedExercise& e) {
  const float width = kPageW - 2 * kMargin - (e.figure ? kFigureW + kFigureGap : 0.0F);
  std::vector<Line> out;
  auto add = [&](HPDF_Font font, float size, const std::string& utf8, float indent = 0.0F,
                 float before = 0.0F) {
    bool first = true;
    for (auto& l : wrap(font, size, utf8_to_cp1252(utf8), width - indent)) {
      out.push_back({std::move(l), font, size, indent, first ? before : 0.0F});
      first = false;
    }
  };
  add(f.bold, 14, fmt::format("{}. {}", number, e.name), 0, 4);
  add(f.bold, kBody + 1, e.dosage);
  if (!e.side.empty()) add(f.regular, kBody, e.side);
  if (!e.target.empty()) add(f.regular, kBody, e.target);
  if (!e.position.empty()) add(f.regular, kBody, "Starting position: " + e.position, 0, 3);
  if (!e.description.empty()) add(f.regular, kBody, "How to do it: " + e.description, 0, 3);
  if (!e.watch_for.empty()) {
    add(f.bold, kBody, "Watch for:", 0, 3);
    for (const auto& w : e.watch_for) add(f.regular, kBody, "\u2022 " + w, 10);
  }
  if (!e.notes.empty()) add(f.bold, kBody, "From your physiotherapist: " + e.notes, 0, 3);
  if (!e.stop_if.empty()) add(f.regular, kBody, "Do not do it, and ask first: " + e.stop_if, 0, 3);
  return out;
}

float height_of(const std::vector<Line>& lines) {
  float h = 0;
  for (const auto& l : lines) h += l.size * kLead + l.space_before;
  return h;
}

/// The first page's heading as lines.
std::vector<Line> heading_lines(const Fonts& f, const PrintedProgram& p) {
  const float width = kPageW - 2 * kMargin;
  std::vector<Line> out;
  auto add = [&](HPDF_Font font, float size, const std::string& utf8, float before = 0.0F) {
    bool first = true;
    for (auto& l : wrap(font, size, utf8_to_cp1252(utf8), width)) {
      out.push_back({std::move(l), font, size, 0.0F, first ? before : 0.0F});
      first = false;
    }
  };
  add(f.bold, 12, p.clinic);
  add(f.bold, 20, "Home exercise program", 6);
  add(f.bold, 13, "For " + p.patient, 4);
  add(f.regular, kBody + 1, p.title);
  if (!p.version_line.empty()) add(f.regular, kBody, p.version_line);
  if (!p.pain_advice.empty()) add(f.regular, kBody, p.pain_advice, 8);
  return out;
}

void draw(HPDF_Page page, const std::vector<Line>& lines, float& y) {
  for (const auto& l : lines) {
    y -= l.space_before + l.size * kLead;
    HPDF_Page_BeginText(page);
    HPDF_Page_SetFontAndSize(page, l.font, l.size);
    HPDF_Page_TextOut(page, kMargin + l.indent, y, l.text.c_str());
    HPDF_Page_EndText(page);
  }
}

void rule(HPDF_Page page, float y) {
  HPDF_Page_SetLineWidth(page, 0.5F);
  HPDF_Page_SetGrayStroke(page, 0.6F);
  HPDF_Page_MoveTo(page, kMargin, y);
  HPDF_Page_LineTo(page, kPageW - kMargin, y);
  HPDF_Page_Stroke(page);
}

}  // namespace

Result<std::string> program_pdf(const PrintedProgram& program, int exercises_per_page) {
  if (program.exercises.empty())
    return fail(ErrorCode::kInvalidArgument, "the program has no exercise to print");
  if (exercises_per_page < 1)
    return fail(ErrorCode::kInvalidArgument, "exercises_per_page must be at least 1");
  ErrorSink sink;
  Doc doc(HPDF_New(on_error, &sink));
  if (!doc) return fail(ErrorCode::kInternal, "the PDF library could not start");
  HPDF_Doc pdf = doc.get();
  HPDF_SetCompressionMode(pdf, HPDF_COMP_NONE);
  HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, "physiokit");
  HPDF_SetInfoAttr(pdf, HPDF_INFO_TITLE, utf8_to_cp1252("Home exercise program: " + program.patient).c_str());
  const Fonts f{HPDF_GetFont(pdf, "Helvetica", "WinAnsiEncoding"),
                HPDF_GetFont(pdf, "Helvetica-Bold", "WinAnsiEncoding")};
  if (sink.status != HPDF_OK || !f.regular || !f.bold)
    return fail(ErrorCode::kInternal, "the PDF library has no Helvetica (error {:#x})", sink.status);

  // Lay out first (which exercises on which page), so that every footer can say "page n of m".
  const auto heading = heading_lines(f, program);
  const float top = kPageH - kMargin;
  const float bottom = kMargin + kFooter;
  struct Block {
    std::vector<Line> lines;
    const illustrate::FigureSpec* figure = nullptr;
    float height = 0;  // of the text or the figure, whichever is taller
  };
  std::vector<std::vector<Block>> pages(1);
  float y = top - height_of(heading) - 12;
  int on_page = 0;
  for (std::size_t i = 0; i < program.exercises.size(); ++i) {
    const PrintedExercise& e = program.exercises[i];
    Block block{exercise_lines(f, static_cast<int>(i) + 1, e), e.figure ? &*e.figure : nullptr, 0.0F};
    block.height = std::max(height_of(block.lines), block.figure ? kFigureH + 6 : 0.0F);
    const float h = block.height + 14;
    if (on_page > 0 && (on_page >= exercises_per_page || y - h < bottom)) {
      pages.emplace_back();
      y = top - 30;  // the continuation header
      on_page = 0;
    }
    y -= h;
    pages.back().push_back(std::move(block));
    ++on_page;
  }

  const int total = static_cast<int>(pages.size());
  for (int n = 0; n < total; ++n) {
    HPDF_Page page = HPDF_AddPage(pdf);
    HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
    float yy = top;
    if (n == 0) {
      draw(page, heading, yy);
      yy -= 8;
      rule(page, yy);
      yy -= 4;
    } else {
      draw(page,
           {{utf8_to_cp1252(fmt::format("{}: home exercise program for {} (continued)", program.clinic,
                                        program.patient)),
             f.regular, 10}},
           yy);
      yy -= 6;
      rule(page, yy);
    }
    for (const auto& block : pages[n]) {
      const float block_top = yy;
      draw(page, block.lines, yy);
      if (block.figure) {
        draw_figure(page, f.regular, *block.figure, kPageW - kMargin - kFigureW, block_top - 6 - kFigureH,
                    kFigureW, kFigureH);
        yy = std::min(yy, block_top - block.height);
      }
      yy -= 8;
      rule(page, yy);
      yy -= 6;
    }
    const std::string foot =
        utf8_to_cp1252(fmt::format("Page {} of {}  \u00b7  printed {}", n + 1, total, program.printed_on));
    HPDF_Page_BeginText(page);
    HPDF_Page_SetFontAndSize(page, f.regular, 9);
    const float w9 =
        static_cast<float>(HPDF_Font_TextWidth(f.regular, reinterpret_cast<const HPDF_BYTE*>(foot.data()),
                                               static_cast<HPDF_UINT>(foot.size()))
                               .width) *
        9 / 1000.0F;
    HPDF_Page_TextOut(page, (kPageW - w9) / 2, kMargin, foot.c_str());
    HPDF_Page_EndText(page);
  }
  if (sink.status != HPDF_OK)
    return fail(ErrorCode::kInternal, "the PDF library failed (error {:#x}, detail {})", sink.status,
                sink.detail);
  if (HPDF_SaveToStream(pdf) != HPDF_OK) return fail(ErrorCode::kInternal, "the PDF could not be written");
  std::string out(HPDF_GetStreamSize(pdf), '\0');
  HPDF_UINT32 size = static_cast<HPDF_UINT32>(out.size());
  if (HPDF_ReadFromStream(pdf, reinterpret_cast<HPDF_BYTE*>(out.data()), &size) != HPDF_OK && size == 0)
    return fail(ErrorCode::kInternal, "the PDF could not be read back");
  out.resize(size);
  return out;
}

}  // namespace physio::print
