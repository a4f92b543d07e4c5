#pragma once
/// The live session wire format (docs/server/live.md): binary landmark frames from the patient's device,
/// JSON events back. Pure encode/decode, shared by the server, `physio live-sim` and the tests.
///
/// Landmark frame, little-endian:
///   u8 version (1) | u8 type | u16 n | u32 seq | i64 capture_time_us | landmarks
/// type 1: n x (f32 x, f32 y, f32 z, f32 visibility), 16 + 16 n bytes (33 MediaPipe landmarks = 544);
/// type 2: the same n image landmarks followed by n world landmarks in metres (MediaPipe's
///         poseWorldLandmarks), 16 + 32 n bytes, for sessions created with both. `seq` counts frames of one
///         session from 0; the server acknowledges
/// "every frame before seq N" so a client drops its buffered frames and, after a reconnect, resends from N.
/// A coordinate that is NaN or infinite marks the landmark missing.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "exercise/live.hpp"
#include "kinematics/landmarks.hpp"

namespace physio::server::live {

inline constexpr std::uint8_t kFrameVersion = 1;
inline constexpr std::uint8_t kFrameLandmarks = 1;
inline constexpr std::uint8_t kFrameImageWorld = 2;
inline constexpr std::size_t kFrameHeaderBytes = 16;
inline constexpr std::size_t kLandmarkBytes = 16;

struct Frame {
  std::uint32_t seq = 0;
  std::int64_t capture_time_us = 0;
  std::vector<kin::Landmark> landmarks;  ///< [n]
  std::vector<kin::Landmark> world;      ///< [n] type 2 only
};

/// The bytes of one frame: type 1, or type 2 when `world` is not empty (same size as `lms`).
std::string encode_frame(std::uint32_t seq, std::int64_t capture_time_us, std::span<const kin::Landmark> lms,
                         std::span<const kin::Landmark> world = {});

/// Decodes one frame of `expected_landmarks` landmarks, of type 2 when `paired` else type 1, into `out`
/// (its buffers reused). Errors name what is wrong: "frame of 540 bytes: 33 landmarks need 544",
/// "frame version 2: this server reads version 1".
Status decode_frame(std::string_view bytes, std::size_t expected_landmarks, bool paired, Frame& out);

/// The JSON message for an analyser event; `emitted_seq` is the seq of the frame whose arrival produced it.
nlohmann::json event_json(const exercise::LiveEvent& e, std::uint32_t emitted_seq);

}  // namespace physio::server::live
