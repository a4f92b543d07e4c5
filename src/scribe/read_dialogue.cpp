// Readers for tagged dialogues (ACI-BENCH), their CSV, and plain text.
#include <string>

#include "core/text.hpp"
#include "scribe/transcript.hpp"

namespace physio::scribe {

Result<Transcript> parse_tagged_dialogue(std::string_view text, const std::string& source) {
  Transcript t;
  t.source = source;
  t.speakers_known = true;
  LineReader lines(text);
  std::string_view line;
  while (lines.next(line)) {
    std::string_view l = trim(line);
    if (l.empty()) continue;
    if (l.starts_with('[')) {
      std::size_t close = l.find(']');
      if (close == std::string_view::npos)
        return fail(ErrorCode::kParse, "{}: line {}: a speaker tag \"[\" without \"]\"", source,
                    lines.line_number());
      std::string_view tag = l.substr(1, close - 1);
      Segment seg;
      if (tag == "doctor" || tag == "clinician" || tag == "physiotherapist")
        seg.speaker = Speaker::kClinician;
      else if (tag == "patient")
        seg.speaker = Speaker::kPatient;
      else
        seg.speaker = Speaker::kOther;  // patient_guest, nurse, ...
      seg.text = strip_markup(trim(l.substr(close + 1)));
      t.segments.push_back(std::move(seg));
    } else {
      if (t.segments.empty())
        return fail(ErrorCode::kParse, "{}: line {}: expected a speaker tag such as [doctor] or [patient]",
                    source, lines.line_number());
      // An untagged line continues the turn before it.
      auto& last = t.segments.back().text;
      std::string more = strip_markup(l);
      if (!more.empty()) last += (last.empty() ? "" : " ") + more;
    }
  }
  if (t.segments.empty()) return fail(ErrorCode::kMissingData, "{}: no dialogue turns", source);
  return t;
}

Result<std::vector<DialogueRow>> parse_dialogue_csv(std::string_view text, const std::string& source) {
  // RFC 4180: fields separated by commas, quoted fields may hold commas, newlines and "" for a quote.
  std::vector<std::vector<std::string>> rows;
  std::vector<std::size_t> row_lines;
  std::vector<std::string> row;
  std::string field;
  std::size_t line = 1;
  std::size_t row_line = 1;
  std::size_t i = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  bool field_started = false;
  while (i < text.size()) {
    char c = text[i];
    if (c == '"' && !field_started) {
      std::size_t open_line = line;
      ++i;
      bool closed = false;
      while (i < text.size()) {
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            field.push_back('"');
            i += 2;
            continue;
          }
          ++i;
          closed = true;
          break;
        }
        if (text[i] == '\n') ++line;
        field.push_back(text[i++]);
      }
      if (!closed)
        return fail(ErrorCode::kParse, "{}: line {}: column {}: a quoted field is never closed", source,
                    open_line, row.size() + 1);
      field_started = true;
      if (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
        return fail(ErrorCode::kParse, "{}: line {}: column {}: text after a closing quote", source, line,
                    row.size() + 1);
      continue;
    }
    if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
      field_started = false;
      ++i;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      ++i;
      if (field_started || !row.empty() || !field.empty()) {
        row.push_back(std::move(field));
        rows.push_back(std::move(row));
        row_lines.push_back(row_line);
      }
      row.clear();
      field.clear();
      field_started = false;
      ++line;
      row_line = line;
    } else {
      field.push_back(c);
      field_started = true;
      ++i;
    }
  }
  if (field_started || !row.empty()) {
    row.push_back(std::move(field));
    rows.push_back(std::move(row));
    row_lines.push_back(row_line);
  }
  if (rows.empty()) return fail(ErrorCode::kMissingData, "{}: empty CSV", source);
  const auto& head = rows.front();
  std::size_t id_col = head.size();
  std::size_t dia_col = head.size();
  for (std::size_t k = 0; k < head.size(); ++k) {
    if (head[k] == "encounter_id") id_col = k;
    if (head[k] == "dialogue") dia_col = k;
  }
  if (id_col == head.size() || dia_col == head.size())
    return fail(ErrorCode::kParse, "{}: line 1: expected columns \"encounter_id\" and \"dialogue\"", source);
  std::vector<DialogueRow> out;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    if (rows[r].size() != head.size())
      return fail(ErrorCode::kParse, "{}: line {}: expected {} columns, got {}", source, row_lines[r],
                  head.size(), rows[r].size());
    out.push_back({rows[r][id_col], rows[r][dia_col]});
  }
  return out;
}

Result<Transcript> parse_plain_text(std::string_view text, const std::string& source) {
  Transcript t;
  t.source = source;
  LineReader lines(text);
  std::string_view line;
  while (lines.next(line)) {
    std::string clean = strip_markup(trim(line));
    if (clean.empty()) continue;
    Segment seg;
    seg.text = std::move(clean);
    t.segments.push_back(std::move(seg));
  }
  if (t.segments.empty()) return fail(ErrorCode::kMissingData, "{}: no text", source);
  return t;
}

}  // namespace physio::scribe
