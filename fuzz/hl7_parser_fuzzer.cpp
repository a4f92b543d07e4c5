// libFuzzer target: the HL7 v2 parser, serializer, inbound mapping with its ACK, and the MLLP decoder.
// Any bytes must give a value or an error, never a crash; what parses must serialize and read back to
// the same message; every receipt's ACK must itself parse.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.hpp"
#include "hl7/inbound.hpp"
#include "hl7/mllp.hpp"
#include "hl7/parser.hpp"
#include "hl7/serializer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace hl7 = physio::hl7;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto m = hl7::parse_message(text)) {
    const std::string out = hl7::serialize(*m);
    auto again = hl7::parse_message(out);
    PHYSIO_FUZZ_ASSERT(again.has_value());
    PHYSIO_FUZZ_ASSERT(*again == *m);
  }
  hl7::ReceiveOptions options;
  const hl7::Receipt r = hl7::receive(text, options);
  PHYSIO_FUZZ_ASSERT((r.code == hl7::AckCode::kAccept) == r.issues.empty());
  auto ack = hl7::parse_message(r.ack_text);
  PHYSIO_FUZZ_ASSERT(ack.has_value());
  PHYSIO_FUZZ_ASSERT(ack->get("MSA-1") == hl7::to_string(r.code));

  hl7::MllpDecoder decoder(4096);
  const std::size_t half = size / 2;
  if (auto first = decoder.feed(text.substr(0, half))) (void)decoder.feed(text.substr(half));
  return 0;
}
