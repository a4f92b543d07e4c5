#pragma once
/// The clinic store: one repository over two back ends, SQLite (embedded, the default) and
/// PostgreSQL. Everything the server keeps goes through `write` and `read`:
///
///   auto patient = store->write([&](store::Tx& tx) -> Result<clinic::Patient> {
///     auto p = PHYSIO_TRY(tx.create_patient(draft));
///     PHYSIO_TRY(tx.append_audit({{.clinic_id = p.clinic_id, .actor_id = user.id, .action = "create",
///                                  .record_type = "Patient", .record_id = p.id, .patient_id = p.id}}));
///     return p;
///   });
///
/// The callback's error rolls the whole transaction back. Conflicts that a retry cures (SQLite busy,
/// PostgreSQL serialization failure or deadlock, a dropped connection) rerun the callback a few times,
/// so it must not have effects outside the transaction. Thread-safe: any number of threads may call
/// `write`/`read` at once.

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>

#include "core/error.hpp"
#include "core/time.hpp"
#include "store/sql/database.hpp"
#include "store/tx.hpp"

namespace physio::store {

struct SqliteOptions {
  /// PRAGMA synchronous=FULL: an acknowledged write survives power loss (NORMAL may lose the last
  /// transactions; docs/adr/0003-store.md has the cost).
  bool synchronous_full = true;
  int busy_timeout_ms = 5000;
  int readers = 4;  ///< read-only connections; writes share one connection
};

struct PostgresOptions {
  int pool_size = 4;
  int connect_timeout_s = 5;
};

namespace detail {
template <class R>
struct IsResult : std::false_type {};
template <class T>
struct IsResult<std::expected<T, Error>> : std::true_type {};
}  // namespace detail

class Store {
 public:
  /// `<data_dir>/physio.db`, created with the directory when missing.
  static Result<std::unique_ptr<Store>> open_sqlite(const std::filesystem::path& data_dir,
                                                    const SqliteOptions& options = {});
  /// A libpq URL, e.g. "postgresql://physio@127.0.0.1:5432/physio". Fails (kIo) when the server
  /// cannot be reached.
  static Result<std::unique_ptr<Store>> open_postgres(const std::string& url,
                                                      const PostgresOptions& options = {});
  /// "postgresql://..." or "postgres://..." opens PostgreSQL; anything else is a SQLite data directory.
  static Result<std::unique_ptr<Store>> open(const std::string& url);

  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  /// Applies the embedded migrations not yet applied (src/store/migrations.hpp); idempotent.
  Status migrate();

  /// Runs `f(Tx&)` in a write transaction (BEGIN IMMEDIATE on SQLite) and commits, or rolls back when
  /// `f` returns an error. `f` returns Result<T> or Status; so does `write`.
  template <class F>
  auto write(F&& f) -> std::invoke_result_t<F&, Tx&> {
    return run_typed(sql::Access::kWrite, f);
  }
  /// Runs `f(Tx&)` in a read-only snapshot transaction.
  template <class F>
  auto read(F&& f) -> std::invoke_result_t<F&, Tx&> {
    return run_typed(sql::Access::kRead, f);
  }

  /// "sqlite" or "postgresql".
  std::string backend_name() const;
  sql::Dialect dialect() const;

  /// SQLite: a consistent copy of the database in `file` (online backup API; written beside it and
  /// renamed). PostgreSQL: kUnsupported, pointing at pg_dump.
  Status backup(const std::filesystem::path& file);
  /// SQLite: replaces the database's content with a copy made by `backup`, while the store stays
  /// open. PostgreSQL: kUnsupported.
  Status restore(const std::filesystem::path& file);

  /// Replaces the clock used for created/updated times, leases and audit times (tests). Call before
  /// any other thread uses the store.
  void set_clock(std::function<TimeUs()> clock);
  TimeUs now_us() const { return clock_(); }

 private:
  explicit Store(std::unique_ptr<sql::Database> db);

  /// Begins, runs `body` (false: it failed), commits or rolls back, retries transient conflicts.
  /// Errors of its own (cannot connect, COMMIT refused) are returned; `body`'s errors stay with it.
  Status run(sql::Access access, const std::function<bool(Tx&)>& body);

  template <class F>
  auto run_typed(sql::Access access, F& f) -> std::invoke_result_t<F&, Tx&> {
    using R = std::invoke_result_t<F&, Tx&>;
    static_assert(detail::IsResult<R>::value, "the transaction callback must return Result<T> or Status");
    std::optional<R> out;
    Status s = run(access, [&](Tx& tx) {
      out.emplace(f(tx));
      return out->has_value();
    });
    if (!s) return std::unexpected(std::move(s).error());
    return std::move(*out);
  }

  std::unique_ptr<sql::Database> db_;
  std::function<TimeUs()> clock_;
};

}  // namespace physio::store
