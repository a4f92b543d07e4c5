// The data folder is the owner's only (docs/server/operations.md, "The data folder"): every file `physio
// admin` and `physio serve` create under it is 0600 and every folder 0700, whatever the umask they were
// started with (a finding: files were 0644 and folders 0755 under the default umask; only the signing key
// was 0600). A separate process: the umask is per process.
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <thread>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/test_data.hpp"
#include "core/file_io.hpp"
#include "server/net/http_client.hpp"
#include "server_fixture.hpp"

namespace physio::test {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

std::uint16_t modes_free_port() {
  const int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t n = sizeof a;
  ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &n);
  ::close(s);
  return ntohs(a.sin_port);
}

std::vector<net::Header> modes_sign_in(std::uint16_t port, const std::string& email) {
  auto r = net::http_request("127.0.0.1", port, "POST", "/api/login", {{"content-type", "application/json"}},
                             R"({"email":")" + email + R"(","password":"a long password 12"})");
  if (!r || r->status != 200) return {};
  const auto cookie = r->header("set-cookie");
  const json body = json::parse(r->body, nullptr, false);
  if (!cookie || !body.contains("csrf_token")) return {};
  return {{"cookie", std::string(cookie->substr(0, cookie->find(';')))},
          {"x-csrf-token", body["csrf_token"].get<std::string>()}};
}

TEST(DataFolder, FilesAre0600AndFoldersAre0700UnderAnOpenUmask) {
  const fs::path data = scratch_dir("file_modes") / "data";
  const fs::path outside = data.parent_path();
  const std::string bin = PHYSIO_BIN;
  const std::string umask = "umask 022; ";  // the default umask that left files 0644
  const std::string clinic =
      run(umask + bin + " admin --data " + data.string() + " create-clinic 'Modes Clinic' | tail -1").out;
  ASSERT_FALSE(clinic.empty());
  const std::string clinic_id = clinic.substr(0, clinic.find('\n'));
  auto made = run(umask + "echo 'a long password 12' | " + bin + " admin --data " + data.string() +
                  " create-user --clinic " + clinic_id +
                  " --role physiotherapist --email physio@modes.example --no-mfa");
  ASSERT_EQ(made.status, 0) << made.out;

  const std::uint16_t port = modes_free_port();
  run("sh -c '" + umask + bin + " serve --data " + data.string() +
      " --listen 127.0.0.1:" + std::to_string(port) + " --risk-refresh false >> " +
      (outside / "serve.log").string() + " 2>&1 & echo $! > " + (outside / "serve.pid").string() + "'");
  bool up = false;
  for (int i = 0; i < 200 && !up; ++i) {
    auto r = net::http_request("127.0.0.1", port, "GET", "/health");
    up = r && r->status == 200;
    if (!up) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  const int pid = std::atoi(load_text_file(outside / "serve.pid").value_or("-1").c_str());
  ASSERT_TRUE(up) << load_text_file(outside / "serve.log").value_or("");

  // A patient, a recording uploaded and analysed: the store, the upload, the results and reports.
  auto h = modes_sign_in(port, "physio@modes.example");
  ASSERT_FALSE(h.empty());
  auto json_h = h;
  json_h.push_back({"content-type", "application/json"});
  auto p = net::http_request("127.0.0.1", port, "POST", "/api/patients", json_h,
                             R"({"given_name":"Mode","family_name":"Test","birth_date":"1970-01-01"})");
  ASSERT_TRUE(p);
  ASSERT_EQ(p->status, 201) << p->body;
  const std::string patient = json::parse(p->body)["id"];
  auto up_h = h;
  up_h.push_back({"content-type", "application/octet-stream"});
  auto rec = net::http_request(
      "127.0.0.1", port, "POST",
      "/api/patients/" + patient + "/recordings?kind=landmarks&exercise=deep_squat&name=s.csv", up_h,
      squat_landmarks_csv());
  ASSERT_TRUE(rec);
  ASSERT_EQ(rec->status, 202) << rec->body;
  const std::string job = json::parse(rec->body)["job_id"];
  std::string state;
  for (int i = 0; i < 600 && state != "done" && state != "failed"; ++i) {
    auto j = net::http_request("127.0.0.1", port, "GET", "/api/jobs/" + job, h);
    if (j && j->status == 200) state = json::parse(j->body).value("state", "");
    if (state != "done" && state != "failed") std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  // The SMART signing key, made at its first use (<data>/smart/).
  auto keys = net::http_request("127.0.0.1", port, "GET", "/oauth/jwks");
  ASSERT_TRUE(keys);
  EXPECT_EQ(keys->status, 200) << keys->body;
  ::kill(pid, SIGTERM);
  for (int i = 0; i < 100 && ::kill(pid, 0) == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(state, "done");

  int files = 0, folders = 0;
  std::vector<std::string> open_to_others;
  auto check = [&](const fs::path& path) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0 || S_ISLNK(st.st_mode)) return;
    const bool dir = S_ISDIR(st.st_mode);
    (dir ? folders : files)++;
    if ((st.st_mode & 077) != 0)
      open_to_others.push_back(fmt::format("{} {:o}", path.string(), st.st_mode & 0777));
  };
  check(data);
  for (auto it = fs::recursive_directory_iterator(data); it != fs::recursive_directory_iterator(); ++it)
    check(it->path());
  // The store, the upload, its report and the signing key at least; their folders.
  EXPECT_GE(files, 4);
  EXPECT_GE(folders, 4);
  EXPECT_TRUE(open_to_others.empty()) << fmt::format("{}", fmt::join(open_to_others, "\n"));
}

}  // namespace
}  // namespace physio::test
