#pragma once
/// Values crossing the SQL boundary: statement parameters and result cells.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace physio::store::sql {

/// NULL, an integer, a double or text. Booleans travel as integers 0/1.
class Value {
 public:
  using Variant = std::variant<std::monostate, std::int64_t, double, std::string>;

  Value() = default;
  Value(std::nullptr_t) {}
  Value(std::int64_t v) : v_(v) {}
  Value(int v) : v_(std::int64_t{v}) {}
  Value(bool v) : v_(std::int64_t{v ? 1 : 0}) {}
  Value(double v) : v_(v) {}
  Value(std::string v) : v_(std::move(v)) {}
  Value(std::string_view v) : v_(std::string(v)) {}
  Value(const char* v) : v_(std::string(v)) {}
  Value(const std::optional<std::string>& v) {
    if (v) v_ = *v;
  }

  const Variant& get() const { return v_; }
  bool is_null() const { return std::holds_alternative<std::monostate>(v_); }

 private:
  Variant v_;
};

/// One result row. Accessors read NULL as 0 / "" / nullopt and convert between integer, double and
/// decimal text, so a column reads the same whichever back end produced it.
class Row {
 public:
  explicit Row(std::vector<Value> cells) : cells_(std::move(cells)) {}

  std::size_t size() const { return cells_.size(); }
  bool is_null(std::size_t i) const { return cells_.at(i).is_null(); }
  std::string text(std::size_t i) const;
  std::optional<std::string> opt_text(std::size_t i) const;
  std::int64_t i64(std::size_t i) const;
  double f64(std::size_t i) const;
  bool boolean(std::size_t i) const { return i64(i) != 0; }

 private:
  std::vector<Value> cells_;
};

/// What a statement returned: its rows (materialised) and, for INSERT/UPDATE/DELETE, the rows changed.
struct QueryResult {
  std::vector<Row> rows;
  std::int64_t affected = 0;
};

}  // namespace physio::store::sql
