// pg_test_cluster start|stop <state file>: the ctest fixture that shares one throwaway PostgreSQL
// cluster between all store test processes of a run. `start` never fails the run: when PostgreSQL
// is missing it writes no state file and the tests skip with the reason.
#include <cstdio>
#include <filesystem>
#include <string>

#include <unistd.h>

#include "store/pg_cluster.hpp"

int main(int argc, char** argv) {
  using physio::store::testing::PgCluster;
  if (argc != 3) {
    std::fprintf(stderr, "usage: pg_test_cluster start|stop <state file>\n");
    return 2;
  }
  const std::string cmd = argv[1];
  const std::string state = argv[2];
  if (cmd == "start") {
    std::filesystem::remove(state);
    std::string why;
    // The watchdog follows ctest itself: if the run is killed, the cluster goes with it.
    auto cluster = PgCluster::start_new(static_cast<int>(::getppid()), why);
    if (!cluster) {
      std::printf("PostgreSQL test cluster not started: %s\n", why.c_str());
      return 0;
    }
    if (!cluster->save(state)) {
      cluster->stop();
      std::fprintf(stderr, "cannot write %s\n", state.c_str());
      return 1;
    }
    std::printf("PostgreSQL test cluster started (%s)\n", state.c_str());
    return 0;
  }
  if (cmd == "stop") {
    if (auto cluster = PgCluster::attach(state)) cluster->stop();
    std::filesystem::remove(state);
    return 0;
  }
  std::fprintf(stderr, "unknown command %s\n", cmd.c_str());
  return 2;
}
