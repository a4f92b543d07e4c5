#include "print/pdf_text.hpp"

#include <fmt/format.h>

#include "print/cp1252.hpp"

namespace physio::print::pdf {

void on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void* user_data) {
  auto* sink = static_cast<ErrorSink*>(user_data);
  if (sink->status == HPDF_OK) {
    sink->status = error_no;
    sink->detail = detail_no;
  }
}

Result<Doc> new_document(ErrorSink& sink, const std::string& title_utf8, Fonts& fonts) {
  Doc doc(HPDF_New(on_error, &sink));
  if (!doc) return fail(ErrorCode::kInternal, "the PDF library could not start");
  HPDF_Doc pdf = doc.get();
  HPDF_SetCompressionMode(pdf, HPDF_COMP_NONE);
  HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, "physiokit");
  HPDF_SetInfoAttr(pdf, HPDF_INFO_TITLE, utf8_to_cp1252(title_utf8).c_str());
  fonts = {HPDF_GetFont(pdf, "Helvetica", "WinAnsiEncoding"),
           HPDF_GetFont(pdf, "Helvetica-Bold", "WinAnsiEncoding")};
  if (sink.status != HPDF_OK || !fonts.regular || !fonts.bold)
    return fail(ErrorCode::kInternal, "the PDF library has no Helvetica (error {:#x})", sink.status);
  return doc;
}

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

void add_wrapped(std::vector<Line>& out, HPDF_Font font, float size, const std::string& utf8, float width,
                 float indent, float before) {
  bool first = true;
  for (auto& l : wrap(font, size, utf8_to_cp1252(utf8), width - indent)) {
    out.push_back({std::move(l), font, size, indent, first ? before : 0.0F});
    first = false;
  }
}

float height_of(const std::vector<Line>& lines) {
  float h = 0;
  for (const auto& l : lines) h += l.size * kLead + l.space_before;
  return h;
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

void footer(HPDF_Page page, HPDF_Font font, const std::string& text_utf8) {
  const std::string foot = utf8_to_cp1252(text_utf8);
  HPDF_Page_BeginText(page);
  HPDF_Page_SetFontAndSize(page, font, 9);
  const float w9 =
      static_cast<float>(HPDF_Font_TextWidth(font, reinterpret_cast<const HPDF_BYTE*>(foot.data()),
                                             static_cast<HPDF_UINT>(foot.size()))
                             .width) *
      9 / 1000.0F;
  HPDF_Page_TextOut(page, (kPageW - w9) / 2, kMargin, foot.c_str());
  HPDF_Page_EndText(page);
}

Result<std::string> finish(HPDF_Doc pdf, const ErrorSink& sink) {
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

}  // namespace physio::print::pdf
