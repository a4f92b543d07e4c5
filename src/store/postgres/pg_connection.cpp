#include "store/postgres/pg_connection.hpp"

#include <libpq-fe.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <variant>
#include <vector>

#include <fmt/format.h>

namespace physio::store::postgres {
namespace {

// Column type OIDs (pg_type.dat); everything else is read as text.
constexpr Oid kBoolOid = 16;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

std::string param_text(const sql::Value& value) {
  const auto& v = value.get();
  if (const auto* n = std::get_if<std::int64_t>(&v)) return std::to_string(*n);
  if (const auto* d = std::get_if<double>(&v)) {
    if (std::isnan(*d)) return "NaN";
    if (std::isinf(*d)) return *d > 0 ? "Infinity" : "-Infinity";
    return fmt::format("{}", *d);  // shortest text that reads back to the same double
  }
  return std::get<std::string>(v);
}

// Appends the cell to `out` (an out-parameter: g++ 12 misreports a variant inside std::expected as
// maybe-uninitialized).
Status cell(const PGresult* res, int row, int col, std::vector<sql::Value>& out) {
  if (PQgetisnull(res, row, col) != 0) {
    out.emplace_back();
    return ok();
  }
  const char* p = PQgetvalue(res, row, col);
  const auto n = static_cast<std::size_t>(PQgetlength(res, row, col));
  switch (PQftype(res, col)) {
    case kBoolOid:
      out.emplace_back(std::int64_t{p[0] == 't' ? 1 : 0});
      return ok();
    case kInt2Oid:
    case kInt4Oid:
    case kInt8Oid: {
      std::int64_t v = 0;
      auto [end, ec] = std::from_chars(p, p + n, v);
      if (ec != std::errc() || end != p + n)
        return fail(ErrorCode::kCorrupt, "postgresql: bad integer '{}'", p);
      out.emplace_back(v);
      return ok();
    }
    case kFloat4Oid:
    case kFloat8Oid: {
      const std::string_view t(p, n);
      double v = 0.0;
      if (t == "NaN") {
        v = std::nan("");
      } else if (t == "Infinity") {
        v = HUGE_VAL;
      } else if (t == "-Infinity") {
        v = -HUGE_VAL;
      } else {
        auto [end, ec] = std::from_chars(p, p + n, v);
        if (ec != std::errc() || end != p + n)
          return fail(ErrorCode::kCorrupt, "postgresql: bad number '{}'", p);
      }
      out.emplace_back(v);
      return ok();
    }
    default:
      out.emplace_back(std::string(p, n));
      return ok();
  }
}

}  // namespace

std::string number_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  char quote = 0;
  for (char c : sql) {
    if (quote != 0) {
      if (c == quote) quote = 0;  // a doubled quote re-enters at once: same outcome
      out += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      out += c;
    } else if (c == '?') {
      out += fmt::format("${}", ++n);
    } else {
      out += c;
    }
  }
  return out;
}

Result<std::unique_ptr<PgConnection>> PgConnection::open(const std::string& url, int connect_timeout_s) {
  const std::string timeout = std::to_string(connect_timeout_s);
  const char* keys[] = {"dbname", "connect_timeout", "application_name", nullptr};
  const char* values[] = {url.c_str(), timeout.c_str(), "physiokit", nullptr};
  PGconn* conn = PQconnectdbParams(keys, values, 1);
  if (conn == nullptr) return fail(ErrorCode::kIo, "postgresql: out of memory while connecting");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(conn);
    PQfinish(conn);
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    return fail(ErrorCode::kIo, "postgresql: cannot connect: {}", msg);
  }
  // Notices ("relation already exists, skipping") are not errors; keep them off stderr.
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  return std::unique_ptr<PgConnection>(new PgConnection(conn));
}

PgConnection::~PgConnection() {
  PQfinish(conn_);
}

bool PgConnection::healthy() const {
  if (PQstatus(conn_) != CONNECTION_OK) return false;
  // An idle connection whose server went away still says CONNECTION_OK until it reads: consuming
  // what is waiting on the socket (no round trip) notices the closed connection before it is lent out.
  if (PQtransactionStatus(conn_) == PQTRANS_IDLE) PQconsumeInput(conn_);
  return PQstatus(conn_) == CONNECTION_OK;
}

namespace {

// Turns a failed result into an Error; marks conflicts worth a retry.
std::unexpected<Error> result_failure(const PGresult* res, PGconn* conn, std::string_view sql,
                                      bool& transient) {
  const char* state = res != nullptr ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  const std::string code = state != nullptr ? state : "";
  std::string msg = res != nullptr ? PQresultErrorMessage(res) : PQerrorMessage(conn);
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  // 40001 serialization failure, 40P01 deadlock, 55P03 lock not available; a dropped connection is
  // retried on a fresh one.
  transient = code == "40001" || code == "40P01" || code == "55P03" || PQstatus(conn) != CONNECTION_OK;
  const ErrorCode ec = code.starts_with("23")   ? ErrorCode::kInvalidArgument  // integrity constraint
                       : code.starts_with("22") ? ErrorCode::kInvalidArgument  // data exception
                                                : ErrorCode::kIo;
  return fail(ec, "postgresql: {}{}: {}", msg, code.empty() ? "" : " [" + code + "]", sql);
}

}  // namespace

Result<std::string> PgConnection::prepared(std::string_view sql, int nparams) {
  if (auto it = cache_.find(std::string(sql)); it != cache_.end()) return it->second;
  std::string name = fmt::format("physio_{}", cache_.size() + 1);
  const std::string text = number_placeholders(sql);
  ResultPtr res(PQprepare(conn_, name.c_str(), text.c_str(), nparams, nullptr));
  if (!res || PQresultStatus(res.get()) != PGRES_COMMAND_OK) {
    bool transient = false;
    auto err = result_failure(res.get(), conn_, sql, transient);
    if (transient) note_transient();
    return err;
  }
  cache_.emplace(std::string(sql), name);
  return name;
}

Result<sql::QueryResult> PgConnection::query(std::string_view sql, std::span<const sql::Value> params) {
  const std::string name = PHYSIO_TRY(prepared(sql, static_cast<int>(params.size())));
  std::vector<std::string> texts;
  std::vector<const char*> ptrs;
  texts.reserve(params.size());
  ptrs.reserve(params.size());
  for (const auto& p : params) {
    if (p.is_null()) {
      texts.emplace_back();
      ptrs.push_back(nullptr);
    } else {
      texts.push_back(param_text(p));
      ptrs.push_back(texts.back().c_str());
    }
  }
  ResultPtr res(
      PQexecPrepared(conn_, name.c_str(), static_cast<int>(params.size()), ptrs.data(), nullptr, nullptr, 0));
  const auto status = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    bool transient = false;
    auto err = result_failure(res.get(), conn_, sql, transient);
    if (transient) note_transient();
    return err;
  }
  sql::QueryResult out;
  const int nrows = PQntuples(res.get());
  const int ncols = PQnfields(res.get());
  out.rows.reserve(static_cast<std::size_t>(nrows));
  for (int r = 0; r < nrows; ++r) {
    std::vector<sql::Value> cells;
    cells.reserve(static_cast<std::size_t>(ncols));
    for (int c = 0; c < ncols; ++c) PHYSIO_CHECK(cell(res.get(), r, c, cells));
    out.rows.emplace_back(std::move(cells));
  }
  const char* affected = PQcmdTuples(res.get());
  if (affected != nullptr && affected[0] != '\0') {
    std::from_chars(affected, affected + std::strlen(affected), out.affected);
  }
  return out;
}

Status PgConnection::exec(std::string_view sql) {
  const std::string text(sql);
  ResultPtr res(PQexec(conn_, text.c_str()));
  const auto status = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && status != PGRES_EMPTY_QUERY) {
    bool transient = false;
    auto err = result_failure(res.get(), conn_, sql.substr(0, 80), transient);
    if (transient) note_transient();
    return err;
  }
  // COMMIT of a transaction an earlier statement aborted succeeds as a ROLLBACK: that is a failure.
  if (sql == "COMMIT" && std::string_view(PQcmdStatus(res.get())) == "ROLLBACK") {
    return fail(ErrorCode::kIo,
                "postgresql: the transaction was aborted by an earlier error and rolled back");
  }
  return ok();
}

}  // namespace physio::store::postgres
