#include "store/sql/value.hpp"

#include <charconv>
#include <cmath>

#include <fmt/format.h>

namespace physio::store::sql {

std::string Row::text(std::size_t i) const {
  const auto& v = cells_.at(i).get();
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* n = std::get_if<std::int64_t>(&v)) return std::to_string(*n);
  if (const auto* d = std::get_if<double>(&v)) return fmt::format("{}", *d);
  return {};
}

std::optional<std::string> Row::opt_text(std::size_t i) const {
  if (is_null(i)) return std::nullopt;
  return text(i);
}

std::int64_t Row::i64(std::size_t i) const {
  const auto& v = cells_.at(i).get();
  if (const auto* n = std::get_if<std::int64_t>(&v)) return *n;
  if (const auto* d = std::get_if<double>(&v)) {
    // Only whole values in range convert; anything else is a schema bug, read as 0.
    if (std::isfinite(*d) && std::abs(*d) < 9.2e18) return static_cast<std::int64_t>(*d);
    return 0;
  }
  if (const auto* s = std::get_if<std::string>(&v)) {
    std::int64_t out = 0;
    std::from_chars(s->data(), s->data() + s->size(), out);
    return out;
  }
  return 0;
}

double Row::f64(std::size_t i) const {
  const auto& v = cells_.at(i).get();
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* n = std::get_if<std::int64_t>(&v)) return static_cast<double>(*n);
  if (const auto* s = std::get_if<std::string>(&v)) {
    double out = 0.0;
    std::from_chars(s->data(), s->data() + s->size(), out);
    return out;
  }
  return 0.0;
}

}  // namespace physio::store::sql
