// A video upload is checked before it is kept: FFmpeg may read it only as the containers a clinic's
// cameras and phones write (MP4/MOV, WebM/Matroska, AVI), with the probe bounded. Crafted files that FFmpeg
// would otherwise take for game music (libgme) are refused at once: one of them, a 2 MiB gzip-compressed
// VGM, inflates to 2 GiB and held the request for 12 s and 4 GB of memory.
#include <sys/resource.h>
#include <zlib.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "common/test_data.hpp"
#include "core/file_io.hpp"
#include "server_fixture.hpp"

namespace physio::test {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

constexpr std::size_t kCraftedBytes = 2u << 20;  // 2 MiB, the size of the reported file
constexpr long kMaxGrowthKiB = 256 * 1024;       // 256 MiB: the bound the check must stay under
constexpr auto kMaxAnswer = std::chrono::seconds(2);

/// `magic` followed by zeros up to 2 MiB: a header libgme recognises (KSS, SPC, VGM, ...).
std::string padded(std::string magic) {
  magic.resize(kCraftedBytes, '\0');
  return magic;
}

/// A VGM file (libgme) of zeros, gzip-compressed (the ".vgz" form libgme inflates) to about 2 MiB.
std::string gzip_vgm_bomb() {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(kCraftedBytes + (1u << 16), '\0');
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  std::string header(256, '\0');
  header.replace(0, 4, "Vgm ");
  header[8] = 0x50;  // version 1.50
  header[9] = 0x01;
  z.next_in = reinterpret_cast<Bytef*>(header.data());
  z.avail_in = static_cast<uInt>(header.size());
  deflate(&z, Z_NO_FLUSH);
  std::string zeros(1u << 20, '\0');
  while (z.total_out + (4u << 10) < kCraftedBytes) {
    z.next_in = reinterpret_cast<Bytef*>(zeros.data());
    z.avail_in = static_cast<uInt>(zeros.size());
    deflate(&z, Z_NO_FLUSH);
  }
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

long max_rss_kib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

TEST(UploadProbe, FilesFFmpegTakesForGameMusicAreRefusedQuicklyAndCheaply) {
  auto ts = TestServer::start("upload_probe");
  Client c(ts->port());
  ASSERT_EQ(c.login(ts->seeded().user_email.at("physiotherapist")).status, 200);
  const std::string base =
      "/api/patients/" + ts->seeded().p1 + "/recordings?kind=video&exercise=deep_squat&name=";
  const std::vector<std::pair<std::string, std::string>> crafted = {
      {"bomb.mp4", gzip_vgm_bomb()},
      {"kss.mp4", padded("KSCC")},
      {"spc.mp4", padded("SNES-SPC700 Sound File Data v0.30\x1a\x1a")},
      {"vgm.mp4", padded("Vgm ")},
      {"hes.mp4", padded("HESM")},
  };
  const auto listed = [&] {
    return c.json(c.get("/api/patients/" + ts->seeded().p1 + "/recordings")).size();
  };
  const std::size_t before = listed();
  const long rss_before = max_rss_kib();
  for (const auto& [name, bytes] : crafted) {
    const auto t0 = std::chrono::steady_clock::now();
    auto r = c.request("POST", base + name, bytes, "application/octet-stream");
    const auto took = std::chrono::steady_clock::now() - t0;
    EXPECT_EQ(r.status, 422) << name << ": " << r.body;
    EXPECT_LT(took, kMaxAnswer) << name << " took "
                                << std::chrono::duration_cast<std::chrono::milliseconds>(took).count()
                                << " ms";
    std::printf("upload probe figures: %s answered %d in %lld ms\n", name.c_str(), r.status,
                static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(took).count()));
    const json j = json::parse(r.body, nullptr, false);
    EXPECT_NE(j.value("message", std::string()).find("MP4 or MOV, WebM or Matroska, AVI"), std::string::npos)
        << name << ": " << r.body;
  }
  const long growth = max_rss_kib() - rss_before;
  std::printf("upload probe figures: the server's peak memory grew by %ld KiB\n", growth);
  EXPECT_LT(growth, kMaxGrowthKiB) << "the checks grew the server's peak memory by " << growth / 1024
                                   << " MiB";
  EXPECT_EQ(listed(), before);
}

TEST(UploadProbe, AnMp4IsStillAccepted) {
  PHYSIO_REQUIRE_SHARED("sports2d-demo");
  auto ts = TestServer::start("upload_probe_mp4");
  Client c(ts->port());
  ASSERT_EQ(c.login(ts->seeded().user_email.at("physiotherapist")).status, 200);
  const std::string bytes = *load_file(shared_path / "demo.mp4", 64 << 20);
  auto r =
      c.request("POST", "/api/patients/" + ts->seeded().p1 + "/recordings?kind=video&test=gait&name=walk.mp4",
                bytes, "application/octet-stream");
  EXPECT_EQ(r.status, 202) << r.body;
}

}  // namespace
}  // namespace physio::test
