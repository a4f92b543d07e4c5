#include "predict/csv.hpp"

namespace physio::predict {

std::optional<std::size_t> CsvTable::column(std::string_view name) const {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return i;
  return std::nullopt;
}

namespace {

// Reads one record starting at `pos`; advances `pos` past its line break and `line` past the lines it spans.
Result<std::vector<std::string>> read_record(std::string_view text, std::size_t& pos, std::size_t& line) {
  std::vector<std::string> fields;
  std::string field;
  const std::size_t start_line = line;
  bool quoted = false;
  bool field_was_quoted = false;
  while (pos < text.size()) {
    const char c = text[pos];
    if (quoted) {
      if (c == '"') {
        if (pos + 1 < text.size() && text[pos + 1] == '"') {
          field.push_back('"');
          pos += 2;
          continue;
        }
        quoted = false;
        ++pos;
        continue;
      }
      if (c == '\n') ++line;
      field.push_back(c);
      ++pos;
      continue;
    }
    if (c == '"') {
      if (!field.empty() || field_was_quoted)
        return fail(ErrorCode::kParse, "line {}: a quote inside an unquoted field (field {})", line,
                    fields.size() + 1);
      quoted = true;
      field_was_quoted = true;
      ++pos;
      continue;
    }
    if (c == ',') {
      fields.push_back(std::move(field));
      field.clear();
      field_was_quoted = false;
      ++pos;
      continue;
    }
    if (c == '\r' || c == '\n') {
      if (c == '\r' && pos + 1 < text.size() && text[pos + 1] == '\n') ++pos;
      ++pos;
      ++line;
      fields.push_back(std::move(field));
      return fields;
    }
    field.push_back(c);
    ++pos;
  }
  if (quoted)
    return fail(ErrorCode::kParse, "line {}: a quoted field is not closed before the end of the file",
                start_line);
  fields.push_back(std::move(field));
  return fields;
}

}  // namespace

Result<CsvTable> parse_csv(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  CsvTable t;
  std::size_t pos = 0;
  std::size_t line = 1;
  if (text.empty()) return fail(ErrorCode::kParse, "line 1: the file is empty (expected a header line)");
  auto header = read_record(text, pos, line);
  if (!header) return std::unexpected(header.error());
  t.header = std::move(*header);
  while (pos < text.size()) {
    const std::size_t record_line = line;
    auto rec = read_record(text, pos, line);
    if (!rec) return std::unexpected(rec.error());
    if (rec->size() == 1 && (*rec)[0].empty()) continue;  // a blank line
    if (rec->size() != t.header.size())
      return fail(ErrorCode::kParse, "line {}: expected {} fields as in the header, got {}", record_line,
                  t.header.size(), rec->size());
    t.rows.push_back(std::move(*rec));
    t.line.push_back(record_line);
  }
  return t;
}

}  // namespace physio::predict
