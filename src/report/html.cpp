#include "report/html.hpp"

#include <fmt/format.h>

#include "core/markup.hpp"

namespace physio::report {
namespace {

// System fonts, print-friendly, readable on a phone. No external resources.
constexpr std::string_view kCss = R"css(
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2530;
       margin: 0; background: #f5f7fa; }
main { max-width: 980px; margin: 0 auto; padding: 24px 20px 40px; background: #fff; min-height: 100vh; }
h1 { font-size: 24px; margin: 0 0 4px; }
.subtitle { color: #5a6575; margin: 0 0 20px; }
h2 { font-size: 18px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 1px solid #e2e6ec; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 10px; margin: 12px 0; }
.card { border: 1px solid #e2e6ec; border-radius: 8px; padding: 10px 12px; background: #fbfcfe; }
.card .label { font-size: 12px; color: #5a6575; text-transform: uppercase; letter-spacing: .03em; }
.card .value { font-size: 26px; font-weight: 650; }
.card .unit { font-size: 14px; color: #5a6575; margin-left: 3px; }
.card .note { font-size: 12px; color: #5a6575; }
p.tone-good, ul.tone-good { border-left: 4px solid #2e8b57; padding-left: 10px; }
p.tone-warning, ul.tone-warning { border-left: 4px solid #d08700; padding-left: 10px; }
p.tone-alert, ul.tone-alert { border-left: 4px solid #c0392b; padding-left: 10px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 4px; font-size: 13.5px; }
caption { text-align: left; color: #5a6575; font-size: 13px; padding-bottom: 4px; }
th, td { padding: 5px 8px; border-bottom: 1px solid #e9ecf1; text-align: left; }
th { background: #f0f3f7; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.chart { margin: 8px 0 14px; }
dl.defs dt { font-weight: 600; margin-top: 8px; }
dl.defs dd { margin: 0 0 4px 0; color: #3b4553; }
nav.links { margin: 0 0 16px; }
nav.links a { margin-right: 16px; }
footer { margin-top: 32px; font-size: 12px; color: #6b7685; border-top: 1px solid #e2e6ec; padding-top: 8px; }
@media print { body { background: #fff; } main { padding: 0; } .chart { break-inside: avoid; } }
)css";

std::string_view tone_class(Tone t) {
  switch (t) {
    case Tone::kNeutral:
      return "";
    case Tone::kGood:
      return " class=\"tone-good\"";
    case Tone::kWarning:
      return " class=\"tone-warning\"";
    case Tone::kAlert:
      return " class=\"tone-alert\"";
  }
  return "";
}

}  // namespace

std::string html_escape(std::string_view text) {
  return escape_markup(text, MarkupText::kHtml);
}

HtmlReport::HtmlReport(std::string title, std::string subtitle)
    : title_(std::move(title)), subtitle_(std::move(subtitle)) {}

void HtmlReport::add_heading(std::string_view text) {
  body_ += fmt::format("<h2>{}</h2>\n", html_escape(text));
}

void HtmlReport::add_paragraph(std::string_view text, Tone tone) {
  body_ += fmt::format("<p{}>{}</p>\n", tone_class(tone), html_escape(text));
}

void HtmlReport::add_cards(const std::vector<Card>& cards) {
  body_ += "<div class=\"cards\">\n";
  for (const Card& c : cards) {
    body_ += fmt::format(
        "<div class=\"card\"><div class=\"label\">{}</div><div class=\"value\">{}<span "
        "class=\"unit\">{}</span></div>{}</div>\n",
        html_escape(c.label), html_escape(c.value), html_escape(c.unit),
        c.note.empty() ? "" : fmt::format("<div class=\"note\">{}</div>", html_escape(c.note)));
  }
  body_ += "</div>\n";
}

void HtmlReport::add_list(const std::vector<std::string>& items, Tone tone) {
  if (items.empty()) return;
  body_ += fmt::format("<ul{}>\n", tone_class(tone));
  for (const auto& item : items) body_ += fmt::format("<li>{}</li>\n", html_escape(item));
  body_ += "</ul>\n";
}

void HtmlReport::add_table(const std::vector<std::string>& header,
                           const std::vector<std::vector<std::string>>& rows, std::string_view caption,
                           std::size_t numeric_from) {
  body_ += "<table>\n";
  if (!caption.empty()) body_ += fmt::format("<caption>{}</caption>\n", html_escape(caption));
  body_ += "<thead><tr>";
  for (std::size_t i = 0; i < header.size(); ++i)
    body_ += fmt::format("<th{}>{}</th>", i >= numeric_from ? " class=\"num\"" : "", html_escape(header[i]));
  body_ += "</tr></thead>\n<tbody>\n";
  for (const auto& row : rows) {
    body_ += "<tr>";
    for (std::size_t i = 0; i < row.size(); ++i)
      body_ += fmt::format("<td{}>{}</td>", i >= numeric_from ? " class=\"num\"" : "", html_escape(row[i]));
    body_ += "</tr>\n";
  }
  body_ += "</tbody></table>\n";
}

void HtmlReport::add_svg(std::string svg) {
  body_ += "<div class=\"chart\">\n" + svg + "</div>\n";
}

void HtmlReport::add_markup(std::string markup) {
  body_ += markup;
}

void HtmlReport::add_footer(std::string_view text) {
  footer_.emplace_back(text);
}

std::string HtmlReport::render() const {
  std::string out;
  out.reserve(body_.size() + 4096);
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += fmt::format("<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n<main>\n", html_escape(title_),
                     kCss);
  out += fmt::format("<h1>{}</h1>\n", html_escape(title_));
  if (!subtitle_.empty()) out += fmt::format("<p class=\"subtitle\">{}</p>\n", html_escape(subtitle_));
  out += body_;
  if (!footer_.empty()) {
    out += "<footer>\n";
    for (const auto& f : footer_) out += fmt::format("<p>{}</p>\n", html_escape(f));
    out += "</footer>\n";
  }
  out += "</main>\n</body>\n</html>\n";
  return out;
}

}  // namespace physio::report
