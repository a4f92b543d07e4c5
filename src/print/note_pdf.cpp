#include "print/note_pdf.hpp"

#include <hpdf.h>

#include <fmt/format.h>

#include "print/cp1252.hpp"
#include "print/pdf_text.hpp"

namespace physio::print {
namespace {

using pdf::Fonts;
using pdf::kMargin;
using pdf::kPageH;
using pdf::kPageW;
using pdf::Line;

constexpr float kNoteBody = 11.0F;
constexpr float kNoteFooterBand = 40.0F;  // above the bottom margin
constexpr float kNoteWidth = kPageW - 2 * kMargin;

/// A piece of the note that is kept on one page when it fits on one (a heading stays with its first
/// paragraph); `rule_after` draws a rule below it; `keep_with_previous` moves the piece before it along
/// when it goes to the next page (a signature never stands on a page without the note's last words).
struct NoteBlock {
  std::vector<Line> lines;
  bool rule_after = false;
  bool keep_with_previous = false;
};

std::vector<NoteBlock> note_blocks(const Fonts& f, const PrintedNote& n) {
  std::vector<NoteBlock> out;
  auto block = [&]() -> std::vector<Line>& { return out.emplace_back().lines; };
  // The heading: clinic, the note and the patient.
  {
    auto& l = block();
    pdf::add_wrapped(l, f.bold, 12, n.clinic, kNoteWidth);
    pdf::add_wrapped(l, f.bold, 18, n.title, kNoteWidth, 0, 6);
    pdf::add_wrapped(l, f.regular, kNoteBody, "Date of the note: " + n.note_date, kNoteWidth, 0, 2);
    pdf::add_wrapped(l, f.bold, 13, "Patient: " + n.patient, kNoteWidth, 0, 8);
    std::string ids = "Date of birth: " + (n.birth_date.empty() ? std::string("not recorded") : n.birth_date);
    if (!n.record_number.empty()) ids += " \u00b7 Record number: " + n.record_number;
    pdf::add_wrapped(l, f.regular, kNoteBody, ids, kNoteWidth);
    out.back().rule_after = true;
  }
  for (const auto& s : n.sections) {
    auto* l = &block();
    pdf::add_wrapped(*l, f.bold, 13, s.title, kNoteWidth, 0, 6);
    if (s.sentences.empty())
      pdf::add_wrapped(*l, f.regular, kNoteBody, "Nothing recorded.", kNoteWidth, 0, 2);
    for (std::size_t i = 0; i < s.sentences.size(); ++i) {
      if (i > 0) l = &block();  // the title stays with the first sentence
      pdf::add_wrapped(*l, f.regular, kNoteBody, s.sentences[i], kNoteWidth, 0, 3);
    }
  }
  out.back().rule_after = true;
  {
    auto& l = block();
    out.back().keep_with_previous = true;
    if (!n.author.empty())
      pdf::add_wrapped(l, f.regular, kNoteBody, "Written by: " + n.author, kNoteWidth, 0, 6);
    pdf::add_wrapped(l, f.bold, kNoteBody, "Electronically signed by " + n.signer + " on " + n.signed_at,
                     kNoteWidth, 0, 2);
    std::string doc = "Document " + n.document_id;
    if (!n.content_sha256.empty()) doc += "; SHA-256 of the signed content " + n.content_sha256;
    pdf::add_wrapped(l, f.regular, 8, doc, kNoteWidth, 0, 2);
  }
  if (!n.addenda.empty()) {
    out.back().rule_after = true;
    auto& first = block();
    pdf::add_wrapped(first, f.bold, 13, "Addenda", kNoteWidth, 0, 6);
    pdf::add_wrapped(first, f.regular, 9, "Added after the signature; the signed note above is unchanged.",
                     kNoteWidth);
    for (std::size_t i = 0; i < n.addenda.size(); ++i) {
      const auto& a = n.addenda[i];
      auto& l = i == 0 ? first : block();
      pdf::add_wrapped(l, f.bold, kNoteBody, a.heading, kNoteWidth, 0, 6);
      pdf::add_wrapped(l, f.regular, kNoteBody, a.text, kNoteWidth, 0, 2);
      if (!a.reason.empty())
        pdf::add_wrapped(l, f.regular, kNoteBody, "Reason: " + a.reason, kNoteWidth, 0, 2);
    }
  }
  return out;
}

}  // namespace

Result<std::string> note_pdf(const PrintedNote& note) {
  if (note.signer.empty()) return fail(ErrorCode::kInvalidArgument, "signer: a PDF is made of a signed note");
  if (note.sections.empty()) return fail(ErrorCode::kInvalidArgument, "sections: the note has none");
  pdf::ErrorSink sink;
  Fonts f{};
  auto doc = pdf::new_document(sink, note.title + ": " + note.patient, f);
  if (!doc) return std::unexpected(doc.error());
  HPDF_Doc hdoc = doc->get();

  // Lay out first (which lines on which page), so that every footer can say "page n of m". A block moves
  // to the next page whole when it does not fit and fits on an empty page; a longer one is split by line.
  const float top = kPageH - kMargin;
  const float bottom = kMargin + kNoteFooterBand;
  const float continued_h = 10 * pdf::kLead + 10;  // the header of the pages after the first
  struct Placed {
    std::vector<Line> lines;
    bool rule_after = false;
  };
  std::vector<std::vector<Placed>> pages(1);
  float y = top;
  auto new_page = [&] {
    pages.emplace_back();
    y = top - continued_h;
  };
  for (auto& b : note_blocks(f, note)) {
    const float h = pdf::height_of(b.lines) + (b.rule_after ? 10 : 0);
    const float room = top - continued_h - bottom;  // on an empty page
    if (b.keep_with_previous && y - h < bottom && pages.back().size() > 1) {
      Placed prev = std::move(pages.back().back());
      pages.back().pop_back();
      const float prev_h = pdf::height_of(prev.lines) + (prev.rule_after ? 10 : 0);
      if (prev_h + h <= room) {
        new_page();
        y -= prev_h;
      }
      pages.back().push_back(std::move(prev));
    }
    if (y - h < bottom && h <= room) new_page();
    Placed cur;
    for (auto& line : b.lines) {
      const float lh = line.space_before + line.size * pdf::kLead;
      if (y - lh < bottom) {
        if (!cur.lines.empty()) pages.back().push_back(std::move(cur));
        cur = {};
        new_page();
      }
      y -= lh;
      cur.lines.push_back(std::move(line));
    }
    cur.rule_after = b.rule_after;
    if (b.rule_after) y -= 10;
    pages.back().push_back(std::move(cur));
  }

  const int total = static_cast<int>(pages.size());
  for (int n = 0; n < total; ++n) {
    HPDF_Page page = HPDF_AddPage(hdoc);
    HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
    float yy = top;
    if (n > 0) {
      std::vector<Line> head;
      pdf::add_wrapped(head, f.regular, 10,
                       fmt::format("{}: {} of {} for {} (continued)", note.clinic, note.title, note.note_date,
                                   note.patient),
                       kNoteWidth);
      head.resize(1);
      pdf::draw(page, head, yy);
      yy -= 5;
      pdf::rule(page, yy);
      yy = top - continued_h;
    }
    for (const auto& p : pages[n]) {
      pdf::draw(page, p.lines, yy);
      if (p.rule_after) {
        yy -= 5;
        pdf::rule(page, yy);
        yy -= 5;
      }
    }
    std::string dob = note.birth_date.empty() ? std::string() : ", born " + note.birth_date;
    pdf::footer(page, f.regular,
                fmt::format("{}{}  \u00b7  {}  \u00b7  page {} of {}  \u00b7  printed {}", note.patient, dob,
                            note.title, n + 1, total, note.printed_on));
  }
  return pdf::finish(hdoc, sink);
}

}  // namespace physio::print
