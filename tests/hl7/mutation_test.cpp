// Deterministic mutation "fuzzing" of the sample messages: thousands of byte mutations and
// truncations, seeded, so every run tries the same inputs. Each must come back as a value or an
// error value (never a crash or sanitizer report; ctest's timeout catches a hang), every receipt
// carries a well-formed ACK, and what parses round-trips.

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "hl7/inbound.hpp"
#include "hl7/mllp.hpp"
#include "hl7/parser.hpp"
#include "hl7/serializer.hpp"
#include "sample_messages.hpp"

namespace physio::hl7 {
namespace {

constexpr int kMutations = 6000;
constexpr std::uint64_t kSeed = 0x4c37'2024'0311ULL;

class Mutator {
 public:
  explicit Mutator(std::uint64_t seed) : rng_(seed) {}

  // Only raw engine output is used: std::mt19937_64's sequence is fixed by the standard, the
  // distributions' are not.
  std::size_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(rng_() % n); }

  std::string mutate(std::string s) {
    static const char kBytes[] = {'|', '^', '~', '\\', '&', '\r', '\n', '\x0b', '\x1c', '\0',
                                  '0', '9', 'X', '.',  '-', '+',  'M',  'Z',    '\x7f', '\xff'};
    static const char* kTokens[] = {"\\X",    "\\.br\\",   "\\E\\", "MSH|^~\\&|", "\rPID|",
                                    "\rSCH|", "^^^",       "~~",    "|||||||||",  "20241332",
                                    "\\Z",    "\\C2842\\", "-9999", "\rAIS|1||x|"};
    const std::size_t steps = 1 + below(4);
    for (std::size_t k = 0; k < steps; ++k) {
      const std::size_t at = below(s.size() + 1);
      switch (below(8)) {
        case 0:
          if (!s.empty() && at < s.size()) s[at] = static_cast<char>(s[at] ^ (1 << below(8)));
          break;
        case 1:
          if (at < s.size()) s[at] = kBytes[below(sizeof kBytes)];
          break;
        case 2:
          s.insert(at, 1, kBytes[below(sizeof kBytes)]);
          break;
        case 3:
          s.erase(at, below(40));
          break;
        case 4:
          s.resize(at);  // truncation
          break;
        case 5: {
          const std::size_t len = below(60);
          if (at < s.size()) s.insert(below(s.size() + 1), s.substr(at, len));
          break;
        }
        case 6:
          s.insert(at, kTokens[below(sizeof kTokens / sizeof kTokens[0])]);
          break;
        default:
          if (at < s.size()) s[at] = static_cast<char>(below(256));
          break;
      }
    }
    return s;
  }

 private:
  std::mt19937_64 rng_;
};

TEST(Mutation, NeverCrashesAndEveryFailureIsAValue) {
  std::vector<std::string> samples;
  for (const std::string& name : test::sample_names()) samples.push_back(test::read_message(name));
  ASSERT_FALSE(samples.empty());
  Mutator mut(kSeed);
  ReceiveOptions o;
  o.ours = HeaderParams{"PHYSIOKIT", "REHAB01", "", "", "ACK", 0, "P"};
  int parsed = 0;
  int accepted = 0;
  for (int i = 0; i < kMutations; ++i) {
    const std::string text = mut.mutate(samples[mut.below(samples.size())]);
    auto m = parse_message(text);
    if (m) {
      ++parsed;
      const std::string out = serialize(*m);
      auto again = parse_message(out);
      ASSERT_TRUE(again.has_value()) << "mutation " << i << ": " << again.error().to_string();
      ASSERT_EQ(*again, *m) << "mutation " << i;
      ASSERT_EQ(serialize(*again), out) << "mutation " << i;
      for (const char* path : {"MSH-9.2", "PID-3[2].4", "PID-5.1.2", "OBX[3]-5", "SCH-11.4"})
        (void)m->get(path);
    } else {
      ASSERT_FALSE(m.error().what.empty());
    }
    const Receipt r = receive(text, o);
    accepted += r.code == AckCode::kAccept ? 1 : 0;
    ASSERT_EQ(r.code == AckCode::kAccept, r.issues.empty()) << "mutation " << i;
    auto ack = parse_message(r.ack_text);
    ASSERT_TRUE(ack.has_value()) << "mutation " << i << ": " << ack.error().to_string();
    ASSERT_EQ(ack->get("MSA-1"), to_string(r.code)) << "mutation " << i;

    // The same bytes through the MLLP decoder, in chunks of varying size.
    MllpDecoder dec(4096);
    const std::string stream = mut.below(4) == 0 ? text : frame(text);
    std::size_t pos = 0;
    while (pos < stream.size()) {
      const std::size_t n = 1 + mut.below(300);
      auto got = dec.feed(std::string_view(stream).substr(pos, n));
      if (!got) {
        ASSERT_FALSE(got.error().message().empty());
        break;
      }
      pos += n;
    }
  }
  // The mutations should exercise both paths.
  EXPECT_GT(parsed, kMutations / 10);
  EXPECT_GT(accepted, kMutations / 50);
  EXPECT_LT(accepted, kMutations);
}

}  // namespace
}  // namespace physio::hl7
