// The .plmk binary landmark container: round trips, detection, and every kind of damage.
#include <cstring>
#include <limits>
#include <string>

#include <gtest/gtest.h>

#include "common/test_data.hpp"
#include "formats_test_util.hpp"
#include "kinematics/formats/load.hpp"
#include "kinematics/formats/physio_bin.hpp"

namespace physio::kin {
namespace {

using test::expect_same;
using test::make_sequence;

LandmarkSequence world_of(const LandmarkSequence& image) {
  LandmarkSequence w(image.skeleton_ptr(), CoordSpace::kWorldMetres, image.n_frames());
  for (std::size_t f = 0; f < image.n_frames(); ++f) {
    w.times()[f] = image.times()[f];
    for (std::size_t l = 0; l < image.n_landmarks(); ++l)
      if (!image.at(f, l).missing())
        w.at(f, l) = Landmark{0.5f, -0.25f * static_cast<float>(l), 0.125f, 0.9f};
  }
  w.up_axis = Axis::kNegY;
  return w;
}

// Where the payload starts: after the prefix and the 8-byte-aligned header.
std::size_t payload_offset(const std::string& bytes) {
  std::uint32_t header = 0;
  std::memcpy(&header, bytes.data() + 12, 4);
  return (16 + header + 7) & ~std::size_t{7};
}

TEST(FormatsBin, RoundTripIsExactIncludingMissingAndWorld) {
  LandmarkSequence seq = make_sequence(blazepose33(), CoordSpace::kImageNormalized, 40, 30.0);
  seq.image_width = 1920;
  seq.image_height = 1080;
  LandmarkSequence world = world_of(seq);
  auto bytes = format_physio_bin(seq, &world);
  ASSERT_TRUE(bytes.has_value()) << bytes.error().to_string();
  auto back = parse_physio_bin(*bytes, "mem.plmk");
  ASSERT_TRUE(back.has_value()) << back.error().to_string();
  EXPECT_EQ(back->format, "physio-bin");
  expect_same(seq, back->landmarks, /*with_vis=*/true, /*tol=*/0.0f);
  EXPECT_EQ(back->landmarks.image_width, 1920);
  EXPECT_EQ(back->landmarks.image_height, 1080);
  EXPECT_EQ(back->landmarks.skeleton().name, "blazepose33");
  ASSERT_TRUE(back->world.has_value());
  expect_same(world, *back->world, true, 0.0f);
  EXPECT_EQ(back->world->up_axis, Axis::kNegY);
}

TEST(FormatsBin, CustomSkeletonAndEmptySequenceRoundTrip) {
  auto sk = skeleton_from_names({"a", "b", "c"}, "markers");
  ASSERT_TRUE(sk.has_value());
  LandmarkSequence seq = make_sequence(*sk, CoordSpace::kWorldMetres, 5, 100.0);
  auto back = parse_physio_bin(*format_physio_bin(seq), "custom.plmk");
  ASSERT_TRUE(back.has_value()) << back.error().to_string();
  expect_same(seq, back->landmarks, true, 0.0f);
  EXPECT_FALSE(back->world.has_value());

  LandmarkSequence empty(blazepose33(), CoordSpace::kImagePixels, 0);
  auto none = parse_physio_bin(*format_physio_bin(empty), "empty.plmk");
  ASSERT_TRUE(none.has_value()) << none.error().to_string();
  EXPECT_EQ(none->landmarks.n_frames(), 0u);
}

TEST(FormatsBin, SaveAndLoadByExtensionAndByContent) {
  auto dir = physio::test::scratch_dir("formats_bin");
  LandmarkSequence seq = make_sequence(coco17(), CoordSpace::kImagePixels, 12, 25.0);
  ASSERT_TRUE(save_landmarks(seq, dir / "walk.plmk").has_value());
  auto fmt = detect_file_format(dir / "walk.plmk");
  ASSERT_TRUE(fmt.has_value());
  EXPECT_EQ(*fmt, LandmarkFormat::kPhysioBin);
  // Recognised by content even under a misleading name; read in place from the file.
  std::filesystem::copy_file(dir / "walk.plmk", dir / "walk.dat",
                             std::filesystem::copy_options::overwrite_existing);
  auto back = load_landmarks(dir / "walk.dat");
  ASSERT_TRUE(back.has_value()) << back.error().to_string();
  expect_same(seq, back->landmarks, true, 0.0f);
  auto mem = parse_landmarks(*format_physio_bin(seq), "walk.plmk");
  ASSERT_TRUE(mem.has_value());
  EXPECT_TRUE(mem->warnings.empty());
}

class FormatsBinDamage : public ::testing::Test {
 protected:
  void SetUp() override {
    seq_ = make_sequence(blazepose33(), CoordSpace::kImageNormalized, 100, 30.0);
    bytes_ = *format_physio_bin(seq_);
  }
  std::string error_of(const std::string& bytes) {
    auto r = parse_physio_bin(bytes, "bad.plmk");
    EXPECT_FALSE(r.has_value());
    return r ? std::string() : r.error().to_string();
  }
  LandmarkSequence seq_;
  std::string bytes_;
};

TEST_F(FormatsBinDamage, TruncatedFileIsNamedAndNotAllocated) {
  std::string cut = bytes_.substr(0, bytes_.size() - 100);
  std::string e = error_of(cut);
  EXPECT_NE(e.find("reading bad.plmk"), std::string::npos) << e;
  EXPECT_NE(e.find("truncated"), std::string::npos) << e;
  EXPECT_NE(error_of(bytes_.substr(0, 10)).find("too short"), std::string::npos);
}

TEST_F(FormatsBinDamage, HugeFrameClaimInHeaderIsRejectedBeforeAllocation) {
  // n_frames rewritten in place (same length) to claim 2e9 frames, about 1 TB of landmarks.
  std::string bytes = bytes_;
  auto pos = bytes.find("\"n_frames\":100");
  ASSERT_NE(pos, std::string::npos);
  bytes.replace(pos, 14, "\"n_frames\":2e9");
  std::string e = error_of(bytes);
  EXPECT_NE(e.find("promises 2000000000 frames"), std::string::npos) << e;
  bytes.replace(pos, 14, "\"n_frames\":-10");
  EXPECT_NE(error_of(bytes).find("n_frames"), std::string::npos);
}

TEST_F(FormatsBinDamage, FlippedPayloadByteFailsTheChecksum) {
  std::string bytes = bytes_;
  bytes[payload_offset(bytes) + 8 * 100 + 5] ^= 0x40;
  EXPECT_NE(error_of(bytes).find("checksum"), std::string::npos);
}

TEST_F(FormatsBinDamage, WrongMagicVersionAndHeader) {
  std::string bytes = bytes_;
  bytes[0] = 'X';
  EXPECT_NE(error_of(bytes).find("magic"), std::string::npos);
  bytes = bytes_;
  bytes[8] = 7;
  EXPECT_NE(error_of(bytes).find("version 7"), std::string::npos);
  bytes = bytes_;
  bytes[12] = static_cast<char>(0xff);
  bytes[13] = static_cast<char>(0xff);
  bytes[14] = static_cast<char>(0xff);
  EXPECT_NE(error_of(bytes).find("header length"), std::string::npos);
  bytes = bytes_;
  auto pos = bytes.find("image-normalized");
  bytes[pos] = 'J';
  EXPECT_NE(error_of(bytes).find("\"space\""), std::string::npos);
}

TEST_F(FormatsBinDamage, InfiniteValueAndNonIncreasingTimeNameTheFrame) {
  LandmarkSequence s = seq_;
  s.at(7, 25).y = std::numeric_limits<float>::infinity();  // left knee
  std::string e = error_of(*format_physio_bin(s));
  EXPECT_NE(e.find("frame 7"), std::string::npos) << e;
  EXPECT_NE(e.find("left_knee"), std::string::npos) << e;
  s = seq_;
  s.times()[9] = s.times()[8];
  e = error_of(*format_physio_bin(s));
  EXPECT_NE(e.find("9"), std::string::npos) << e;
}

TEST_F(FormatsBinDamage, LoadingADamagedFileNamesThePath) {
  auto dir = physio::test::scratch_dir("formats_bin_damage");
  test::write_text(dir / "cut.plmk", bytes_.substr(0, bytes_.size() / 2));
  auto r = load_landmarks(dir / "cut.plmk");
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().to_string().find("cut.plmk"), std::string::npos) << r.error().to_string();
  EXPECT_EQ(r.error().code(), ErrorCode::kCorrupt);
}

}  // namespace
}  // namespace physio::kin
