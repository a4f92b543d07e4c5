#pragma once
// The sample messages under tests/hl7/messages/, read (and parsed) for the tests.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/test_data.hpp"
#include "hl7/parser.hpp"

namespace physio::hl7::test {

inline std::filesystem::path messages_dir() {
  return physio::test::source_dir() / "tests" / "hl7" / "messages";
}

inline std::string read_message(const std::string& name) {
  std::ifstream in(messages_dir() / name, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

/// The sample `name`, parsed; a message that does not parse fails the test.
inline Message sample(const std::string& name) {
  auto m = parse_message(read_message(name));
  EXPECT_TRUE(m.has_value()) << m.error().to_string();
  return *m;
}

/// File names of every sample, sorted.
inline std::vector<std::string> sample_names() {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(messages_dir())) {
    if (e.path().extension() == ".hl7") names.push_back(e.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

/// `text` with LF and CRLF segment ends turned into CR.
inline std::string with_cr(std::string text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    out += text[i] == '\n' ? '\r' : text[i];
  }
  return out;
}

}  // namespace physio::hl7::test
