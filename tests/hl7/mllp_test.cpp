#include "hl7/mllp.hpp"

#include <gtest/gtest.h>

#include "sample_messages.hpp"

namespace physio::hl7 {
namespace {

TEST(Mllp, FramesAndDecodesInOneChunk) {
  const std::string framed = frame("MSH|a\rPID|1\r");
  EXPECT_EQ(framed, "\x0bMSH|a\rPID|1\r\x1c\r");
  MllpDecoder dec;
  auto out = dec.feed(framed + frame("second"));
  ASSERT_TRUE(out.has_value());
  ASSERT_EQ(out->size(), 2u);
  EXPECT_EQ((*out)[0], "MSH|a\rPID|1\r");
  EXPECT_EQ((*out)[1], "second");
  EXPECT_TRUE(dec.idle());
}

TEST(Mllp, EverySplitPointOfTwoFramesGivesTheSameMessages) {
  const std::string a = test::read_message("adt_a04_epic.hl7");
  const std::string b = test::read_message("siu_s12_booking.hl7");
  const std::string stream = frame(a) + "\r\n" + frame(b);
  for (std::size_t i = 0; i <= stream.size(); ++i) {
    for (std::size_t j = i; j <= stream.size(); j += 97) {
      MllpDecoder dec;
      std::vector<std::string> got;
      for (auto part : {std::string_view(stream).substr(0, i), std::string_view(stream).substr(i, j - i),
                        std::string_view(stream).substr(j)}) {
        auto out = dec.feed(part);
        ASSERT_TRUE(out.has_value()) << out.error().to_string();
        got.insert(got.end(), out->begin(), out->end());
      }
      ASSERT_EQ(got.size(), 2u) << "split at " << i << ", " << j;
      EXPECT_EQ(got[0], a);
      EXPECT_EQ(got[1], b);
      EXPECT_TRUE(dec.idle());
    }
  }
}

TEST(Mllp, ByteByByte) {
  const std::string a = test::read_message("siu_s15_cancel.hl7");
  const std::string stream = frame(a);
  MllpDecoder dec;
  std::vector<std::string> got;
  for (std::size_t i = 0; i < stream.size(); ++i) {
    auto out = dec.feed(std::string_view(stream).substr(i, 1));
    ASSERT_TRUE(out.has_value());
    got.insert(got.end(), out->begin(), out->end());
    if (i + 1 < stream.size()) {
      EXPECT_TRUE(got.empty());
    }
  }
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0], a);
}

TEST(Mllp, RefusesGarbageBeforeTheStartByte) {
  MllpDecoder dec;
  auto out = dec.feed("GET / HTTP/1.1\r\n");
  ASSERT_FALSE(out.has_value());
  EXPECT_EQ(out.error().to_string(), "MLLP: byte 0: 0x47 before the start byte 0x0B");
  EXPECT_EQ(out.error().code(), ErrorCode::kCorrupt);
  // The decoder stays failed until reset.
  EXPECT_FALSE(dec.feed(frame("x")).has_value());
  dec.reset();
  auto again = dec.feed(frame("x"));
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->size(), 1u);
}

TEST(Mllp, RefusesBrokenFrames) {
  {
    MllpDecoder dec;
    auto out = dec.feed(
        "\x0b"
        "abc\x0b");
    ASSERT_FALSE(out.has_value());
    EXPECT_EQ(out.error().to_string(),
              "MLLP: byte 4: start byte 0x0B inside a message (the previous message was cut off)");
  }
  {
    MllpDecoder dec;
    auto out = dec.feed(
        "\x0b"
        "abc\x1cX");
    ASSERT_FALSE(out.has_value());
    EXPECT_EQ(out.error().to_string(), "MLLP: byte 5: 0x58 after the end byte 0x1C (expected 0x0D)");
  }
  {
    MllpDecoder dec;
    ASSERT_TRUE(dec.feed("\x0b"
                         "ab")
                    .has_value());
    EXPECT_FALSE(dec.idle());
    EXPECT_EQ(dec.buffered(), 2u);
  }
}

TEST(Mllp, RefusesOverLongMessages) {
  MllpDecoder dec(10);
  auto fits = dec.feed(frame("0123456789"));
  ASSERT_TRUE(fits.has_value());
  EXPECT_EQ(fits->size(), 1u);
  auto out = dec.feed(
      "\x0b"
      "0123456");
  ASSERT_TRUE(out.has_value());
  out = dec.feed("789A");
  ASSERT_FALSE(out.has_value());
  EXPECT_EQ(out.error().to_string(), "MLLP: byte 24: message longer than the limit of 10 bytes");
  EXPECT_EQ(dec.buffered(), 0u);
}

}  // namespace
}  // namespace physio::hl7
