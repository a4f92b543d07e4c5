#pragma once
// Runs the `physio` binary of this build, as a user would, and reads what it wrote, for the end-to-end CLI
// tests.
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/test_data.hpp"
#include "core/file_io.hpp"

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

/// A JSON file the run wrote; a missing or unreadable file fails the test (and reads as null).
inline nlohmann::json read_json(const std::filesystem::path& p) {
  auto text = load_text_file(p);
  EXPECT_TRUE(text.has_value()) << p;
  return text ? nlohmann::json::parse(*text) : nlohmann::json();
}

/// True when `text` (an output, a file) contains `what`.
inline bool has(const std::string& text, const std::string& what) {
  return text.find(what) != std::string::npos;
}

}  // namespace physio::test
