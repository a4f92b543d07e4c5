#pragma once
/// One PostgreSQL connection (libpq) with a prepared-statement cache. `?` placeholders are rewritten
/// to $1, $2 ...; parameters travel as text and results come back typed by column OID.

#include <memory>
#include <string>
#include <unordered_map>

#include "core/error.hpp"
#include "store/sql/connection.hpp"

struct pg_conn;

namespace physio::store::postgres {

/// `sql` with each `?` outside quotes replaced by $1, $2, ... in order.
std::string number_placeholders(std::string_view sql);

class PgConnection final : public sql::Connection {
 public:
  /// Connects to `url` (postgresql://user@host:port/db?...), waiting at most `connect_timeout_s`.
  static Result<std::unique_ptr<PgConnection>> open(const std::string& url, int connect_timeout_s);
  ~PgConnection() override;

  sql::Dialect dialect() const override { return sql::Dialect::kPostgres; }
  Result<sql::QueryResult> query(std::string_view sql, std::span<const sql::Value> params) override;
  Status exec(std::string_view sql) override;
  bool healthy() const override;
  using sql::Connection::query;

 private:
  explicit PgConnection(pg_conn* conn) : conn_(conn) {}
  Result<std::string> prepared(std::string_view sql, int nparams);

  pg_conn* conn_;
  std::unordered_map<std::string, std::string> cache_;  // SQL text -> statement name
};

}  // namespace physio::store::postgres
