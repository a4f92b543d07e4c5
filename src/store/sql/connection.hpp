#pragma once
/// The thin SQL seam the repository is written against. A back end (sqlite/, postgres/) supplies
/// connections and a pool; everything above speaks portable SQL with `?` placeholders.

#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "store/sql/value.hpp"

namespace physio::store::sql {

enum class Dialect { kSqlite, kPostgres };

/// One database session. Not thread-safe: a connection is used by one transaction at a time.
class Connection {
 public:
  virtual ~Connection() = default;
  Connection() = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  virtual Dialect dialect() const = 0;
  /// One statement with `?` placeholders, prepared once per connection and cached; rows materialised.
  virtual Result<QueryResult> query(std::string_view sql, std::span<const Value> params) = 0;
  /// One or more statements without parameters (migrations, BEGIN, COMMIT).
  virtual Status exec(std::string_view sql) = 0;
  /// False once the connection is broken (server gone); the pool then discards it.
  virtual bool healthy() const = 0;

  Result<QueryResult> query(std::string_view sql, std::initializer_list<Value> params = {}) {
    return query(sql, std::span<const Value>(params.begin(), params.size()));
  }

  /// True when a statement failed since the last `reset_transient()` with a conflict that retrying
  /// the whole transaction can cure (SQLite busy, PostgreSQL serialization failure or deadlock).
  bool had_transient_failure() const { return transient_; }
  void reset_transient() { transient_ = false; }

 protected:
  void note_transient() { transient_ = true; }

 private:
  bool transient_ = false;
};

}  // namespace physio::store::sql
