#pragma once
// A throwaway PostgreSQL cluster for the store tests: initdb once per machine user and build (a
// cached template copied per process), pg_ctl on 127.0.0.1 with a random free port, the unix socket
// in a temporary directory, fsync off. Runs the server as `postgres` via runuser when the test runs
// as root. Stopped and removed when the test binary ends, and by a watchdog if it crashes.

#include <string>

namespace physio::store::testing {

class PgCluster {
 public:
  /// The cluster of this process, started on first use; nullptr with `skip_reason` set when
  /// PostgreSQL's server binaries are not installed or the cluster cannot start.
  static PgCluster* get(std::string& skip_reason);

  /// A new empty database (CREATE DATABASE); returns its postgresql:// URL.
  std::string create_database();

  /// Stops the server and removes its directory (idempotent).
  void stop();

 private:
  PgCluster() = default;
  std::string start();  // "" on success, else why not

  std::string dir_;
  std::string bin_;
  std::string as_postgres_;  // "runuser -u postgres -- " or ""
  int port_ = 0;
  int next_db_ = 0;
};

}  // namespace physio::store::testing
