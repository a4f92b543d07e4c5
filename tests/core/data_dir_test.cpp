#include "core/data_dir.hpp"

#include <cstdlib>
#include <fstream>

#include <gtest/gtest.h>

namespace physio {
namespace {

namespace fs = std::filesystem;

/// A fresh folder under the test's temporary directory, and PHYSIO_DATA_DIR restored afterwards.
class DataDir : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("physio-data-dir-" + std::to_string(::getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_);
    if (const char* v = std::getenv("PHYSIO_DATA_DIR")) saved_ = v;
  }
  void TearDown() override {
    if (saved_)
      ::setenv("PHYSIO_DATA_DIR", saved_->c_str(), 1);
    else
      ::unsetenv("PHYSIO_DATA_DIR");
    fs::remove_all(root_);
  }
  static void touch(const fs::path& p) {
    fs::create_directories(p.parent_path());
    std::ofstream(p) << "{}";
  }
  fs::path root_;
  std::optional<std::string> saved_;
};

TEST_F(DataDir, TheVariablesSubfolderComesFirst) {
  touch(root_ / "measures" / "a.json");
  ::setenv("PHYSIO_DATA_DIR", root_.c_str(), 1);
  auto got = find_data_dir({.sub = "measures", .what = "instrument files", .good = has_json_files});
  ASSERT_TRUE(got) << got.error().message();
  EXPECT_EQ(*got, root_ / "measures");
}

TEST_F(DataDir, TheVariableItselfOnlyWhenAllowed) {
  touch(root_ / "squat.json");
  ::setenv("PHYSIO_DATA_DIR", root_.c_str(), 1);
  auto itself = find_data_dir({.sub = "exercises", .what = "x", .good = has_json_files, .env_itself = true});
  ASSERT_TRUE(itself) << itself.error().message();
  EXPECT_EQ(*itself, root_);
  auto not_itself = find_data_dir({.sub = "exercises", .what = "exercise library", .good = has_json_files});
  ASSERT_FALSE(not_itself);
  EXPECT_EQ(not_itself.error().code(), ErrorCode::kNotFound);
}

TEST_F(DataDir, TheSourceFolderIsTheLastResort) {
  touch(root_ / "src" / "lexicon.json");
  ::unsetenv("PHYSIO_DATA_DIR");
  auto got = find_data_dir({.sub = "no-such-folder-anywhere",
                            .what = "scribe vocabulary files",
                            .good = [](const fs::path& d) { return fs::is_regular_file(d / "lexicon.json"); },
                            .source_dir = root_ / "src"});
  ASSERT_TRUE(got) << got.error().message();
  EXPECT_EQ(*got, root_ / "src");
}

TEST_F(DataDir, NotFoundNamesWhatAndEveryPlaceTried) {
  ::setenv("PHYSIO_DATA_DIR", root_.c_str(), 1);
  auto got = find_data_dir({.sub = "measures",
                            .what = "instrument files",
                            .good = has_json_files,
                            .source_dir = root_ / "nowhere"});
  ASSERT_FALSE(got);
  const std::string m = got.error().message();
  EXPECT_NE(m.find("instrument files not found (set PHYSIO_DATA_DIR)"), std::string::npos) << m;
  EXPECT_NE(m.find((root_ / "measures").string()), std::string::npos) << m;
  EXPECT_NE(m.find("share/physiokit/measures"), std::string::npos) << m;
  EXPECT_NE(m.find((root_ / "nowhere").string()), std::string::npos) << m;
}

TEST_F(DataDir, AFolderWithoutJsonIsNotAccepted) {
  fs::create_directories(root_ / "empty");
  std::ofstream(root_ / "empty" / "readme.txt") << "x";
  EXPECT_FALSE(has_json_files(root_ / "empty"));
  EXPECT_FALSE(has_json_files(root_ / "missing"));
  touch(root_ / "empty" / "b.json");
  EXPECT_TRUE(has_json_files(root_ / "empty"));
}

}  // namespace
}  // namespace physio
