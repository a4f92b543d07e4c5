#include "print/program_pdf.hpp"

#include <hpdf.h>

#include <algorithm>
#include <memory>

#include <fmt/format.h>

#include "print/cp1252.hpp"
#include "print/figure_pdf.hpp"
#include "print/pdf_text.hpp"

namespace physio::print {
namespace {

using pdf::Fonts;
using pdf::kMargin;
using pdf::kPageH;
using pdf::kPageW;
using pdf::Line;

constexpr float kFooter = 40.0F;  // the footer's band above the bottom margin
constexpr float kBody = 11.0F;
constexpr float kFigureW = 180.0F;  // the exercise's figure beside its text
constexpr float kFigureH = 120.0F;
constexpr float kFigureGap = 12.0F;

/// An exercise as lines, in order.
std::vector<Line> exercise_lines(const Fonts& f, int number, const PrintedExercise& e) {
  const float width = kPageW - 2 * kMargin - (e.figure ? kFigureW + kFigureGap : 0.0F);
  std::vector<Line> out;
  auto add = [&](HPDF_Font font, float size, const std::string& utf8, float indent = 0.0F,
                 float before = 0.0F) { pdf::add_wrapped(out, font, size, utf8, width, indent, before); };
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

/// The first page's heading as lines.
std::vector<Line> heading_lines(const Fonts& f, const PrintedProgram& p) {
  const float width = kPageW - 2 * kMargin;
  std::vector<Line> out;
  auto add = [&](HPDF_Font font, float size, const std::string& utf8, float before = 0.0F) {
    pdf::add_wrapped(out, font, size, utf8, width, 0.0F, before);
  };
  add(f.bold, 12, p.clinic);
  if (!p.clinic_contact.empty()) add(f.regular, kBody, p.clinic_contact);
  add(f.bold, 20, "Home exercise program", 6);
  add(f.bold, 13, "For " + p.patient, 4);
  add(f.regular, kBody + 1, p.title);
  if (!p.version_line.empty()) add(f.regular, kBody, p.version_line);
  if (!p.pain_advice.empty()) add(f.regular, kBody, p.pain_advice, 8);
  return out;
}

}  // namespace

Result<std::string> program_pdf(const PrintedProgram& program, int exercises_per_page) {
  if (program.exercises.empty())
    return fail(ErrorCode::kInvalidArgument, "the program has no exercise to print");
  if (exercises_per_page < 1)
    return fail(ErrorCode::kInvalidArgument, "exercises_per_page must be at least 1");
  pdf::ErrorSink sink;
  Fonts f{};
  auto doc = pdf::new_document(sink, "Home exercise program: " + program.patient, f);
  if (!doc) return std::unexpected(doc.error());
  HPDF_Doc hdoc = doc->get();

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
  float y = top - pdf::height_of(heading) - 12;
  int on_page = 0;
  for (std::size_t i = 0; i < program.exercises.size(); ++i) {
    const PrintedExercise& e = program.exercises[i];
    Block block{exercise_lines(f, static_cast<int>(i) + 1, e), e.figure ? &*e.figure : nullptr, 0.0F};
    block.height = std::max(pdf::height_of(block.lines), block.figure ? kFigureH + 6 : 0.0F);
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
    HPDF_Page page = HPDF_AddPage(hdoc);
    HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
    float yy = top;
    if (n == 0) {
      pdf::draw(page, heading, yy);
      yy -= 8;
      pdf::rule(page, yy);
      yy -= 4;
    } else {
      pdf::draw(page,
                {{utf8_to_cp1252(fmt::format("{}: home exercise program for {} (continued)", program.clinic,
                                             program.patient)),
                  f.regular, 10}},
                yy);
      yy -= 6;
      pdf::rule(page, yy);
    }
    for (const auto& block : pages[n]) {
      const float block_top = yy;
      pdf::draw(page, block.lines, yy);
      if (block.figure) {
        draw_figure(page, f.regular, *block.figure, kPageW - kMargin - kFigureW, block_top - 6 - kFigureH,
                    kFigureW, kFigureH);
        yy = std::min(yy, block_top - block.height);
      }
      yy -= 8;
      pdf::rule(page, yy);
      yy -= 6;
    }
    pdf::footer(page, f.regular,
                fmt::format("Page {} of {}  \u00b7  printed {}", n + 1, total, program.printed_on));
  }
  return pdf::finish(hdoc, sink);
}

}  // namespace physio::print
