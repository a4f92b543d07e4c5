#include "server/live/live_protocol.hpp"

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>

#include <fmt/format.h>

namespace physio::server::live {
namespace {

static_assert(std::endian::native == std::endian::little, "the wire format is little-endian");

template <class T>
void put(std::string& out, T v) {
  char b[sizeof(T)];
  std::memcpy(b, &v, sizeof(T));
  out.append(b, sizeof(T));
}

template <class T>
T get(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

double round_to(double v, double step) {
  return std::isfinite(v) ? std::round(v / step) * step : 0.0;
}

}  // namespace

std::string encode_frame(std::uint32_t seq, std::int64_t capture_time_us, std::span<const kin::Landmark> lms,
                         std::span<const kin::Landmark> world) {
  std::string out;
  out.reserve(kFrameHeaderBytes + kLandmarkBytes * (lms.size() + world.size()));
  put<std::uint8_t>(out, kFrameVersion);
  put<std::uint8_t>(out, world.empty() ? kFrameLandmarks : kFrameImageWorld);
  put<std::uint16_t>(out, static_cast<std::uint16_t>(lms.size()));
  put<std::uint32_t>(out, seq);
  put<std::int64_t>(out, capture_time_us);
  for (auto part : {lms, world})
    for (const auto& l : part) {
      put<float>(out, l.x);
      put<float>(out, l.y);
      put<float>(out, l.z);
      put<float>(out, l.visibility);
    }
  return out;
}

Status decode_frame(std::string_view bytes, std::size_t expected_landmarks, bool paired, Frame& out) {
  if (bytes.size() < kFrameHeaderBytes)
    return fail(ErrorCode::kParse, "frame of {} bytes: shorter than its {}-byte header", bytes.size(),
                kFrameHeaderBytes);
  const char* p = bytes.data();
  const auto version = get<std::uint8_t>(p);
  const auto type = get<std::uint8_t>(p + 1);
  const auto n = get<std::uint16_t>(p + 2);
  if (version != kFrameVersion)
    return fail(ErrorCode::kUnsupported, "frame version {}: this server reads version {}", version,
                kFrameVersion);
  const std::uint8_t want_type = paired ? kFrameImageWorld : kFrameLandmarks;
  if (type != want_type)
    return fail(ErrorCode::kUnsupported, "frame type {}: this session takes type {} ({})", type, want_type,
                paired ? "image and world landmarks" : "landmarks");
  if (n != expected_landmarks)
    return fail(ErrorCode::kInvalidArgument, "frame with {} landmarks: this session's skeleton has {}", n,
                expected_landmarks);
  const std::size_t parts = paired ? 2 : 1;
  const std::size_t want = kFrameHeaderBytes + kLandmarkBytes * n * parts;
  if (bytes.size() != want)
    return fail(ErrorCode::kParse, "frame of {} bytes: {} landmarks need {}", bytes.size(), n, want);
  out.seq = get<std::uint32_t>(p + 4);
  out.capture_time_us = get<std::int64_t>(p + 8);
  const char* q = p + kFrameHeaderBytes;
  auto read_part = [&](std::vector<kin::Landmark>& dst) {
    dst.resize(n);
    for (std::size_t i = 0; i < n; ++i, q += kLandmarkBytes) {
      kin::Landmark l{get<float>(q), get<float>(q + 4), get<float>(q + 8), get<float>(q + 12)};
      if (!std::isfinite(l.x) || !std::isfinite(l.y)) l = kin::Landmark{};
      if (!std::isfinite(l.z)) l.z = std::numeric_limits<float>::quiet_NaN();
      if (!std::isfinite(l.visibility)) l.visibility = std::numeric_limits<float>::quiet_NaN();
      dst[i] = l;
    }
  };
  read_part(out.landmarks);
  if (paired)
    read_part(out.world);
  else
    out.world.clear();
  return ok();
}

nlohmann::json event_json(const exercise::LiveEvent& e, std::uint32_t emitted_seq) {
  using K = exercise::LiveEvent::Kind;
  switch (e.kind) {
    case K::kRepStarted:
      return {{"type", "rep_started"}, {"seq", emitted_seq}, {"t_s", round_to(e.t_s, 0.001)}};
    case K::kRepDone: {
      const auto& r = e.rep;
      nlohmann::json j = {{"type", "rep"},
                          {"seq", emitted_seq},
                          {"index", r.index},
                          {"partial", r.partial},
                          {"start_s", round_to(r.start_s, 0.001)},
                          {"end_s", round_to(r.end_s, 0.001)},
                          {"duration_s", round_to(r.duration_s, 0.01)},
                          {"rom_deg", round_to(r.rom_deg, 0.1)},
                          {"peak_deg", round_to(r.peak_deg, 0.1)},
                          {"score", round_to(r.quality.score, 1.0)}};
      // A repetition the engine does not count (index 0) says why and what to change.
      if (!r.not_counted.empty()) j["not_counted_reason"] = r.not_counted;
      return j;
    }
    case K::kSetRefused:
      return {{"type", "set_refused"},
              {"seq", emitted_seq},
              {"t_s", round_to(e.t_s, 0.001)},
              {"reason", e.reason}};
    case K::kCue:
      return {{"type", "cue"},
              {"seq", emitted_seq},
              {"id", e.cue.rule_id},
              {"text", e.cue.text},
              {"severity", exercise::severity_name(e.cue.severity)},
              {"t_s", round_to(e.cue.t_s, 0.001)},
              {"rep", e.cue.rep}};
  }
  return {};
}

}  // namespace physio::server::live
