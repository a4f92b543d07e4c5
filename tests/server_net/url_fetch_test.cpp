// url_fetch against real servers on this machine: the tests' loopback server (common/canned_http: canned
// answers, a silent one for the time limit) and `openssl s_server -WWW` with certificates made for the test
// (trusted, untrusted, naming another host). The TLS tests skip, saying so, without the openssl program.
#include "server/net/url_fetch.hpp"

#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "common/canned_http.hpp"
#include "common/test_data.hpp"

namespace physio::net {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

TEST(ParseFetchUrl, HttpsAnywhereHttpOnlyOnLiteralLoopback) {
  auto u = parse_fetch_url("https://Keys.Example.org:8443/a/jwks.json?v=2");
  ASSERT_TRUE(u) << u.error().message();
  EXPECT_TRUE(u->tls);
  EXPECT_EQ(u->host, "keys.example.org");
  EXPECT_EQ(u->port, 8443);
  EXPECT_EQ(u->target, "/a/jwks.json?v=2");
  u = parse_fetch_url("https://example.org");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->port, 443);
  EXPECT_EQ(u->target, "/");
  u = parse_fetch_url("http://127.0.0.1:9000/jwks");
  ASSERT_TRUE(u);
  EXPECT_FALSE(u->tls);
  u = parse_fetch_url("http://[::1]:9000/jwks");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->host, "::1");
  for (const char* bad :
       {"http://example.org/jwks", "http://localhost/jwks", "http://10.0.0.1/jwks", "ftp://example.org/x",
        "https://user:pw@example.org/", "https://example.org/#k", "https:///x", "https://example.org:0/",
        "https://example.org:99999/", "https://exa mple.org/", "https://[::1/", "example.org/jwks"}) {
    auto r = parse_fetch_url(bad);
    EXPECT_FALSE(r) << bad;
    if (!r) {
      EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument) << bad;
    }
  }
  EXPECT_NE(parse_fetch_url("http://example.org/jwks").error().message().find("https"), std::string::npos);
}

using test::CannedHttpServer;
using test::http_answer;

TEST(FetchUrl, ReadsTheBodyAndCacheControlOnLoopback) {
  CannedHttpServer server(http_answer("200 OK", R"({"keys":[]})", "Cache-Control: public, max-age=600\r\n"));
  auto doc = fetch_url(server.url("/jwks.json"), {});
  ASSERT_TRUE(doc) << doc.error().message();
  EXPECT_EQ(doc->body, R"({"keys":[]})");
  EXPECT_EQ(doc->content_type, "application/json");
  ASSERT_TRUE(doc->cache_control);
  EXPECT_EQ(*doc->cache_control, "public, max-age=600");
  EXPECT_NE(server.last_request().find("GET /jwks.json HTTP/1.1"), std::string::npos)
      << server.last_request();
}

TEST(FetchUrl, RefusesRedirectsErrorsLongBodiesAndSilence) {
  {
    CannedHttpServer server(http_answer("302 Found", "", "Location: http://127.0.0.1:1/x\r\n"));
    auto doc = fetch_url(server.url("/jwks"), {});
    ASSERT_FALSE(doc);
    EXPECT_EQ(doc.error().code(), ErrorCode::kIo);
    EXPECT_NE(doc.error().message().find("redirects are not followed"), std::string::npos)
        << doc.error().message();
    EXPECT_NE(doc.error().message().find(server.url("/jwks")), std::string::npos) << doc.error().message();
  }
  {
    CannedHttpServer server(http_answer("404 Not Found", "no"));
    auto doc = fetch_url(server.url("/jwks"), {});
    ASSERT_FALSE(doc);
    EXPECT_NE(doc.error().message().find("answered 404"), std::string::npos) << doc.error().message();
  }
  {
    CannedHttpServer server(http_answer("200 OK", std::string(70 * 1024, 'x')));
    auto doc = fetch_url(server.url("/jwks"), {});
    ASSERT_FALSE(doc) << doc->body.size() << " bytes read";
    EXPECT_NE(doc.error().message().find("longer than 64 KiB"), std::string::npos) << doc.error().message();
  }
  {
    // No length: the body ends when the connection closes; it is stopped once past the cap.
    CannedHttpServer server("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n" +
                            std::string(200 * 1024, 'x'));
    auto doc = fetch_url(server.url("/jwks"), {});
    ASSERT_FALSE(doc) << doc->body.size() << " bytes read";
    EXPECT_NE(doc.error().message().find("longer than 64 KiB"), std::string::npos) << doc.error().message();
  }
  {
    CannedHttpServer server("", /*silent=*/true);
    FetchOptions o;
    o.timeout = 300ms;
    const auto t0 = std::chrono::steady_clock::now();
    auto doc = fetch_url(server.url("/jwks"), o);
    const auto took = std::chrono::steady_clock::now() - t0;
    ASSERT_FALSE(doc);
    EXPECT_NE(doc.error().message().find("no answer within 300 ms"), std::string::npos)
        << doc.error().message();
    EXPECT_LT(took, 5s);  // bounded, not a timing claim: the limit is 0.3 s
  }
  {
    // Nobody listening.
    int port = 0;
    {
      CannedHttpServer gone("");
      port = std::stoi(gone.url("").substr(std::string("http://127.0.0.1:").size()));
    }
    auto doc = fetch_url("http://127.0.0.1:" + std::to_string(port) + "/jwks", {});
    ASSERT_FALSE(doc);
    EXPECT_NE(doc.error().message().find("connecting"), std::string::npos) << doc.error().message();
  }
  auto plain = fetch_url("http://example.org/jwks", {});
  ASSERT_FALSE(plain);
  EXPECT_EQ(plain.error().code(), ErrorCode::kInvalidArgument);
}

/// `openssl s_server -WWW` serving the files of `dir` with `cert`/`key`; stopped with the object.
class TlsServer {
 public:
  TlsServer(const fs::path& dir, const std::string& cert, const std::string& key) {
    const fs::path out = dir / ("s_server-" + cert + ".log");
    const std::string cmd = "cd '" + dir.string() + "' && exec openssl s_server -accept 0 -cert " + cert +
                            " -key " + key + " -WWW > '" + out.string() + "' 2>&1";
    pid_ = ::fork();
    if (pid_ == 0) {
      ::setpgid(0, 0);
      ::execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    for (int i = 0; i < 100 && port_ == 0; ++i) {
      std::this_thread::sleep_for(50ms);
      std::ifstream in(out);
      std::string line;
      while (std::getline(in, line)) {
        const auto at = line.rfind(':');
        if (line.starts_with("ACCEPT") && at != std::string::npos) port_ = std::stoi(line.substr(at + 1));
      }
    }
  }
  ~TlsServer() {
    if (pid_ > 0) {
      ::kill(-pid_, SIGTERM);
      ::kill(pid_, SIGTERM);
    }
  }
  int port() const { return port_; }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

bool make_cert(const fs::path& dir, const std::string& name, const std::string& san) {
  const std::string cmd = "cd '" + dir.string() + "' && openssl req -x509 -newkey rsa:2048 -nodes -keyout " +
                          name + "-key.pem -out " + name + "-cert.pem -days 2 -subj /CN=" + name +
                          " -addext subjectAltName=" + san + " > /dev/null 2>&1";
  return std::system(cmd.c_str()) == 0;
}

TEST(FetchUrl, VerifiesTheCertificateAndItsName) {
  if (std::system("command -v openssl > /dev/null 2>&1") != 0)
    GTEST_SKIP() << "the openssl program is not installed; the TLS path is not tested here";
  const fs::path dir = test::scratch_dir("url_fetch_tls");
  ASSERT_TRUE(make_cert(dir, "loopback", "DNS:localhost,IP:127.0.0.1"));
  ASSERT_TRUE(make_cert(dir, "other", "DNS:keys.example.org"));
  { std::ofstream(dir / "jwks.json") << R"({"keys":[{"kid":"k1","kty":"EC"}]})"; }
  TlsServer good(dir, "loopback-cert.pem", "loopback-key.pem");
  ASSERT_GT(good.port(), 0) << "openssl s_server did not start";
  const std::string url = "https://127.0.0.1:" + std::to_string(good.port()) + "/jwks.json";

  // Trusted through the extra anchors, and the certificate names 127.0.0.1.
  FetchOptions trusted;
  trusted.ca_file = dir / "loopback-cert.pem";
  auto doc = fetch_url(url, trusted);
  ASSERT_TRUE(doc) << doc.error().message();
  EXPECT_EQ(doc->body, R"({"keys":[{"kid":"k1","kty":"EC"}]})");

  // The same server without the anchor: a certificate nobody vouches for.
  auto untrusted = fetch_url(url, {});
  ASSERT_FALSE(untrusted);
  EXPECT_NE(untrusted.error().message().find("TLS handshake"), std::string::npos)
      << untrusted.error().message();

  // A trusted certificate for another name.
  TlsServer other(dir, "other-cert.pem", "other-key.pem");
  ASSERT_GT(other.port(), 0);
  FetchOptions trusts_other;
  trusts_other.ca_file = dir / "other-cert.pem";
  auto wrong_name =
      fetch_url("https://127.0.0.1:" + std::to_string(other.port()) + "/jwks.json", trusts_other);
  ASSERT_FALSE(wrong_name);
  EXPECT_NE(wrong_name.error().message().find("TLS handshake"), std::string::npos)
      << wrong_name.error().message();

  FetchOptions missing;
  missing.ca_file = dir / "absent.pem";
  auto no_file = fetch_url(url, missing);
  ASSERT_FALSE(no_file);
  EXPECT_NE(no_file.error().message().find("absent.pem"), std::string::npos) << no_file.error().message();
}

}  // namespace
}  // namespace physio::net
