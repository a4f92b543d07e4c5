// The enrolment QR code (libqrencode drawn as SVG): its size follows the text, its three finder patterns
// sit in the corners (a reader finds the code by them), the quiet zone is white, and text too long for any
// QR code is refused.
#include <set>
#include <utility>

#include <gtest/gtest.h>

#include "security/qr.hpp"
#include "security/totp.hpp"

namespace physio::security {
namespace {

/// The dark modules ("M{x} {y}h1v1h-1z") and the side in modules (the viewBox).
std::pair<std::set<std::pair<int, int>>, int> modules(const std::string& svg) {
  std::set<std::pair<int, int>> dark;
  int side = 0;
  std::sscanf(svg.c_str() + svg.find("viewBox=\"0 0 ") + 13, "%d", &side);
  for (auto at = svg.find("M"); at != std::string::npos; at = svg.find("M", at + 1)) {
    int x = 0, y = 0;
    if (std::sscanf(svg.c_str() + at, "M%d %dh1v1h-1z", &x, &y) == 2) dark.insert({x, y});
  }
  return {dark, side};
}

TEST(Qr, AnOtpauthUriHasItsFinderPatternsAndQuietZone) {
  const std::string uri = totp_uri(new_totp_secret(), "new.physio@example.org", "physiokit");
  auto svg = qr_svg(uri, "QR code of your key");
  ASSERT_TRUE(svg) << svg.error().to_string();
  EXPECT_TRUE(svg->starts_with("<svg ")) << *svg;
  EXPECT_NE(svg->find("<title>QR code of your key</title>"), std::string::npos);
  const auto [dark, side] = modules(*svg);
  const int w = side - 8;  // 4 modules of quiet zone each side
  EXPECT_EQ((w - 17) % 4, 0) << "a QR code is 17 + 4 * version modules wide; got " << w;
  EXPECT_GE(w, 21);
  for (const auto& [x, y] : dark) {
    EXPECT_GE(x, 4);
    EXPECT_GE(y, 4);
    EXPECT_LT(x, side - 4);
    EXPECT_LT(y, side - 4);
  }
  // Finder patterns: a dark 7x7 ring, a light ring inside, a dark 3x3 centre; top-left, top-right,
  // bottom-left.
  for (const auto& [ox, oy] : {std::pair{4, 4}, {4 + w - 7, 4}, {4, 4 + w - 7}}) {
    for (int dy = 0; dy < 7; ++dy)
      for (int dx = 0; dx < 7; ++dx) {
        const bool ring = dx == 0 || dy == 0 || dx == 6 || dy == 6;
        const bool centre = dx >= 2 && dx <= 4 && dy >= 2 && dy <= 4;
        EXPECT_EQ(dark.contains({ox + dx, oy + dy}), ring || centre)
            << ox << "," << oy << " +" << dx << "," << dy;
      }
  }
  auto uri_img = qr_svg_data_uri(uri);
  ASSERT_TRUE(uri_img);
  EXPECT_TRUE(uri_img->starts_with("data:image/svg+xml;base64,PHN2Zy")) << uri_img->substr(0, 40);
}

TEST(Qr, TextTooLongIsRefused) {
  EXPECT_FALSE(qr_svg(std::string(8000, 'a')));
}

}  // namespace
}  // namespace physio::security
