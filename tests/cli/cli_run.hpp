#pragma once
// Runs the `physio` binary of this build, as a user would, for the end-to-end CLI tests.
#include <sys/wait.h>

#include <cstdio>
#include <string>

#include "common/test_data.hpp"

namespace physio::test {

struct CliRun {
  int exit_code;
  std::string output;  // stdout and stderr
};

inline CliRun physio_cli(const std::string& args) {
  std::string cmd = ::physio::test::binary_dir().string() + "/bin/physio " + args + " 2>&1";
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return {-1, "popen failed"};
  std::string out;
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  int status = ::pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

}  // namespace physio::test
