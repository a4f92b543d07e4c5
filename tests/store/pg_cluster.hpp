#pragma once
// A throwaway PostgreSQL cluster for the store tests: initdb once per machine user (a cached
// template copied per cluster), pg_ctl on 127.0.0.1 with a random free port, the unix socket in a
// temporary directory, fsync off; the server runs as `postgres` via runuser when the tests run as
// root. A watchdog stops the server and removes its files once the process that owns it ends, even
// after a crash.
//
// Under ctest every test is its own process, so tests/store/CMakeLists.txt starts one cluster for
// the whole run (a ctest fixture running pg_test_cluster) and passes its state file in
// PHYSIO_PG_CLUSTER_STATE; a test binary run by hand starts its own.

#include <memory>
#include <string>

namespace physio::store::testing {

class PgCluster {
 public:
  /// The cluster for this process: the shared one named by PHYSIO_PG_CLUSTER_STATE, else one
  /// started on first use and stopped when the tests end. nullptr with `skip_reason` set when
  /// PostgreSQL's server binaries are not installed or the cluster cannot start.
  static PgCluster* get(std::string& skip_reason);

  /// Starts a cluster whose watchdog waits for process `owner_pid` to end; nullptr and `why` on failure.
  static std::unique_ptr<PgCluster> start_new(int owner_pid, std::string& why);
  /// The cluster described by a state file written by `save`; nullptr if it cannot be read.
  static std::unique_ptr<PgCluster> attach(const std::string& state_file);
  /// Writes what `attach` needs.
  bool save(const std::string& state_file) const;

  /// A new empty database (CREATE DATABASE, unique over processes); returns its postgresql:// URL.
  std::string create_database();

  /// Stops the server and removes its directory (idempotent).
  void stop();

 private:
  PgCluster() = default;
  std::string start(int owner_pid);  // "" on success, else why not

  std::string dir_;
  std::string bin_;
  std::string as_postgres_;  // "runuser -u postgres -- " or ""
  int port_ = 0;
  int next_db_ = 0;
};

}  // namespace physio::store::testing
