#pragma once
/// A single-file HTML report: inline CSS, embedded SVG charts, no scripts or external resources, so it
/// can be e-mailed, archived in a record or opened offline. Readable on a phone and printable.
///
///   HtmlReport r("Knee flexion: squat", "patient-readable summary first");
///   r.add_cards({{"Repetitions", "10", "", ""}, {"Best range", "92", "deg", ""}});
///   r.add_heading("Angle curve");
///   r.add_svg(render_svg(chart));
///   r.add_table({"rep", "ROM (deg)"}, rows);
///   save_file_atomic(path, r.render());

#include <string>
#include <string_view>
#include <vector>

namespace physio::report {

/// Escapes &, <, >, " and ' for HTML text and attribute values.
std::string html_escape(std::string_view text);

/// A headline number: label, value, unit, and an optional one-line note under it.
struct Card {
  std::string label;
  std::string value;
  std::string unit;
  std::string note;
};

enum class Tone { kNeutral, kGood, kWarning, kAlert };

class HtmlReport {
 public:
  HtmlReport(std::string title, std::string subtitle);

  void add_heading(std::string_view text);
  void add_paragraph(std::string_view text, Tone tone = Tone::kNeutral);
  void add_cards(const std::vector<Card>& cards);
  /// A bulleted list; each item escaped.
  void add_list(const std::vector<std::string>& items, Tone tone = Tone::kNeutral);
  /// A table; every cell escaped. `numeric_from` right-aligns columns from that index on.
  void add_table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                 std::string_view caption = {}, std::size_t numeric_from = 1);
  /// Trusted SVG markup from render_svg.
  void add_svg(std::string svg);
  /// Trusted markup built by a renderer of this module with html_escape (links, definition lists).
  void add_markup(std::string markup);
  /// Small print at the end (definitions, data source, software version).
  void add_footer(std::string_view text);

  std::string render() const;

 private:
  std::string title_;
  std::string subtitle_;
  std::string body_;
  std::vector<std::string> footer_;
};

}  // namespace physio::report
