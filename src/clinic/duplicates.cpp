#include "clinic/duplicates.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace physio::clinic {
namespace {

bool is_date(std::string_view d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
    if (!std::isdigit(static_cast<unsigned char>(d[i]))) return false;
  return true;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

/// One name close to another: equal keys, or one slip apart when the longer has at least 4 letters and the
/// shorter at least 3 ("Ann" and "Anne"; not "Ana" and "Ina", not "Bo" and "Bob").
bool close(std::string_view a, std::string_view b) {
  const std::string ka = name_key(a), kb = name_key(b);
  if (ka.empty() || kb.empty()) return false;
  if (ka == kb) return true;
  return std::min(ka.size(), kb.size()) >= 3 && std::max(ka.size(), kb.size()) >= 4 && edit_distance(ka, kb, 1) <= 1;
}

bool similar_name(const Patient& a, const Patient& b) {
  return (close(a.given_name, b.given_name) && close(a.family_name, b.family_name)) ||
         (close(a.given_name, b.family_name) && close(a.family_name, b.given_name));
}

}  // namespace

namespace {
/// A real calendar day.
bool valid_day(int year, int month, int day) {
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1 || day > kDays[month - 1]) return false;
  return !(month == 2 && day == 29 && !(year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)));
}
}  // namespace

std::string swapped_day_month(std::string_view date) {
  if (!is_date(date)) return "";
  const std::string month(date.substr(5, 2)), day(date.substr(8, 2));
  if (month == day) return "";
  const int year = std::atoi(std::string(date.substr(0, 4)).c_str());
  if (!valid_day(year, std::atoi(month.c_str()), std::atoi(day.c_str()))) return "";
  if (!valid_day(year, std::atoi(day.c_str()), std::atoi(month.c_str()))) return "";
  return std::string(date.substr(0, 5)) + day + "-" + month;
}

std::string phone_key(std::string_view phone) {
  std::string digits;
  for (char c : phone)
    if (std::isdigit(static_cast<unsigned char>(c))) digits.push_back(c);
  if (digits.size() < 6) return "";
  return digits.size() > 9 ? digits.substr(digits.size() - 9) : digits;
}

std::string name_key(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (c == ' ' || c == '-' || c == '\'' || c == '.') continue;
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

int edit_distance(std::string_view a, std::string_view b, int cap) {
  const auto n = a.size(), m = b.size();
  if (static_cast<int>(n > m ? n - m : m - n) > cap) return cap + 1;
  std::vector<std::vector<int>> d(n + 1, std::vector<int>(m + 1, 0));
  for (std::size_t i = 0; i <= n; ++i) d[i][0] = static_cast<int>(i);
  for (std::size_t j = 0; j <= m; ++j) d[0][j] = static_cast<int>(j);
  for (std::size_t i = 1; i <= n; ++i) {
    int row_min = cap + 1;
    for (std::size_t j = 1; j <= m; ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      row_min = std::min(row_min, d[i][j]);
    }
    if (row_min > cap) return cap + 1;
  }
  return std::min(d[n][m], cap + 1);
}

std::vector<DuplicateMatch> possible_duplicates(const Patient& candidate, const std::vector<Patient>& existing) {
  std::vector<DuplicateMatch> out;
  const std::string swapped = swapped_day_month(candidate.birth_date);
  const std::string phone = phone_key(candidate.phone);
  for (const auto& p : existing) {
    if (!candidate.id.empty() && p.id == candidate.id) continue;
    DuplicateMatch m{p, {}};
    if (!candidate.mrn.empty() && p.mrn == candidate.mrn) m.reasons.push_back("same record number");
    if (!candidate.email.empty() && lower(p.email) == lower(candidate.email))
      m.reasons.push_back("same e-mail address");
    if (!phone.empty() && phone_key(p.phone) == phone) m.reasons.push_back("same phone number");
    if (similar_name(candidate, p)) {
      if (!candidate.birth_date.empty() && p.birth_date == candidate.birth_date)
        m.reasons.push_back("similar name and same birth date");
      else if (!swapped.empty() && p.birth_date == swapped)
        m.reasons.push_back("similar name and the birth date with day and month swapped");
    }
    if (!m.reasons.empty()) out.push_back(std::move(m));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const DuplicateMatch& a, const DuplicateMatch& b) { return a.reasons.size() > b.reasons.size(); });
  return out;
}

}  // namespace physio::clinic
