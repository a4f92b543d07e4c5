#pragma once
// MD5 (RFC 1321) for tests that compare decoded or encoded bytes with the md5 a reference recorded, without a
// new dependency.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

#include "pose/pipeline/image.hpp"

namespace physio::test {

class Md5 {
 public:
  void update(const std::uint8_t* data, std::size_t n) {
    total_ += n;
    while (n > 0) {
      const std::size_t take = std::min(n, block_.size() - fill_);
      std::memcpy(block_.data() + fill_, data, take);
      fill_ += take;
      data += take;
      n -= take;
      if (fill_ == block_.size()) {
        transform();
        fill_ = 0;
      }
    }
  }
  std::string hex() {
    const std::uint64_t bits = total_ * 8u;
    const std::uint8_t pad = 0x80;
    update(&pad, 1);
    const std::uint8_t zero = 0;
    while (fill_ != 56) update(&zero, 1);
    std::array<std::uint8_t, 8> len{};
    for (std::size_t i = 0; i < 8; ++i) len[i] = static_cast<std::uint8_t>(bits >> (8 * i));
    update(len.data(), len.size());
    std::string out;
    char buf[3];
    for (std::uint32_t word : state_) {
      for (int i = 0; i < 4; ++i) {
        std::snprintf(buf, sizeof(buf), "%02x", (word >> (8 * i)) & 0xffu);
        out += buf;
      }
    }
    return out;
  }

 private:
  static std::uint32_t rotl(std::uint32_t x, int c) { return (x << c) | (x >> (32 - c)); }
  void transform() {
    static constexpr std::array<int, 64> kShift = {
        7,  12, 17, 22, 7,  12, 17, 22, 7,  12, 17, 22, 7,  12, 17, 22, 5,  9,  14, 20, 5,  9,
        14, 20, 5,  9,  14, 20, 5,  9,  14, 20, 4,  11, 16, 23, 4,  11, 16, 23, 4,  11, 16, 23,
        4,  11, 16, 23, 6,  10, 15, 21, 6,  10, 15, 21, 6,  10, 15, 21, 6,  10, 15, 21};
    std::array<std::uint32_t, 16> m{};
    for (std::size_t i = 0; i < 16; ++i) {
      m[i] = static_cast<std::uint32_t>(block_[4 * i]) | static_cast<std::uint32_t>(block_[4 * i + 1]) << 8 |
             static_cast<std::uint32_t>(block_[4 * i + 2]) << 16 |
             static_cast<std::uint32_t>(block_[4 * i + 3]) << 24;
    }
    std::uint32_t a = state_[0], b = state_[1], c = state_[2], d = state_[3];
    for (std::size_t i = 0; i < 64; ++i) {
      std::uint32_t f = 0;
      std::size_t g = 0;
      if (i < 16) {
        f = (b & c) | (~b & d);
        g = i;
      } else if (i < 32) {
        f = (d & b) | (~d & c);
        g = (5 * i + 1) % 16;
      } else if (i < 48) {
        f = b ^ c ^ d;
        g = (3 * i + 5) % 16;
      } else {
        f = c ^ (b | ~d);
        g = (7 * i) % 16;
      }
      // K[i] = floor(2^32 * |sin(i + 1)|), exact in double precision.
      const auto k = static_cast<std::uint32_t>(
          std::floor(4294967296.0 * std::fabs(std::sin(static_cast<double>(i + 1)))));
      f = f + a + k + m[g];
      a = d;
      d = c;
      c = b;
      b = b + rotl(f, kShift[i]);
    }
    state_[0] += a;
    state_[1] += b;
    state_[2] += c;
    state_[3] += d;
  }

  std::array<std::uint32_t, 4> state_ = {0x67452301u, 0xefcdab89u, 0x98badcfeu, 0x10325476u};
  std::array<std::uint8_t, 64> block_{};
  std::size_t fill_ = 0;
  std::uint64_t total_ = 0;
};

inline std::string md5_hex(std::string_view text) {
  Md5 md5;
  md5.update(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
  return md5.hex();
}

// md5 of the image's RGB bytes, row-major without the row padding (the reference's rgb24_md5).
inline std::string rgb24_md5(const pose::Image& image) {
  Md5 md5;
  for (int y = 0; y < image.height; ++y) md5.update(image.row(y), 3 * static_cast<std::size_t>(image.width));
  return md5.hex();
}

}  // namespace physio::test
