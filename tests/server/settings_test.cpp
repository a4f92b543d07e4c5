// Settings are declared once; the documentation, the config file and the environment all follow.
#include <cstdlib>
#include <fstream>

#include <gtest/gtest.h>

#include "common/test_data.hpp"
#include "core/file_io.hpp"
#include "server/http/settings.hpp"

namespace physio::server {
namespace {

TEST(Settings, DocumentationIsGeneratedFromTheDeclarations) {
  auto doc = load_file(test::source_dir() / "docs/server/settings.md");
  ASSERT_TRUE(doc) << "docs/server/settings.md is missing";
  EXPECT_NE(doc->find(settings_markdown()), std::string::npos)
      << "docs/server/settings.md is out of date: regenerate the table with `physio serve --settings-doc`";
}

TEST(Settings, ConfigFileThenEnvironmentThenFlags) {
  const auto dir = test::scratch_dir("settings");
  std::ofstream(dir / "physio.conf") << "# a comment\nlisten = 0.0.0.0:9000\nmax-upload-bytes = 2048\n";
  Settings s;
  ASSERT_TRUE(apply_config_file(s, dir / "physio.conf"));
  EXPECT_EQ(s.listen, "0.0.0.0:9000");
  EXPECT_EQ(s.max_upload_bytes, 2048);
  setenv("PHYSIO_MAX_UPLOAD_BYTES", "4096", 1);
  ASSERT_TRUE(apply_environment(s));
  unsetenv("PHYSIO_MAX_UPLOAD_BYTES");
  EXPECT_EQ(s.max_upload_bytes, 4096);
  ASSERT_TRUE(apply_setting(s, "max-upload-bytes", "8192"));
  EXPECT_EQ(s.max_upload_bytes, 8192);
}

TEST(Settings, ErrorsNameTheFileLineAndSetting) {
  const auto dir = test::scratch_dir("settings_bad");
  std::ofstream(dir / "bad.conf") << "listen = 127.0.0.1:1\nio-threads = many\n";
  Settings s;
  auto st = apply_config_file(s, dir / "bad.conf");
  ASSERT_FALSE(st);
  const std::string msg = st.error().to_string();
  EXPECT_NE(msg.find("bad.conf: line 2"), std::string::npos) << msg;
  EXPECT_NE(msg.find("io-threads 'many'"), std::string::npos) << msg;
  EXPECT_FALSE(apply_setting(s, "io-threads", "0"));
  EXPECT_FALSE(apply_setting(s, "secure-cookies", "maybe"));
  EXPECT_FALSE(apply_setting(s, "log-format", "xml"));
  auto unknown = apply_setting(s, "colour", "red");
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message().find("unknown setting 'colour'"), std::string::npos);
  setenv("PHYSIO_IO_THREADS", "-3", 1);
  auto env = apply_environment(s);
  unsetenv("PHYSIO_IO_THREADS");
  ASSERT_FALSE(env);
  EXPECT_NE(env.error().to_string().find("PHYSIO_IO_THREADS"), std::string::npos);
}

}  // namespace
}  // namespace physio::server
