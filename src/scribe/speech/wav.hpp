#pragma once
/// WAV audio for the recogniser (docs/validation/scribe.md, "Speech recognition"): RIFF/WAVE files with
/// 16-bit PCM samples (WAVE_FORMAT_PCM, or WAVE_FORMAT_EXTENSIBLE with the PCM sub-format), one or more
/// channels, any sample rate from 8 kHz to 192 kHz. Everything else is refused with the reason:
///
/// - not RIFF/WAVE ("not a WAV file (RIFF/WAVE header missing)"); RF64 is not read;
/// - a compressed or non-16-bit format (A-law, mu-law, ADPCM, MP3 in WAV, IEEE float, 8/24/32-bit PCM),
///   named by its format tag and bit depth;
/// - a truncated header or a `data` chunk without samples ("no audio samples");
/// - a recording longer than `WavLimits::max_duration_s` (4 hours by default), checked from the header
///   before the samples are read.
///
/// Inspecting decoded audio (`inspect_audio`) reports silence (no 20 ms stretch of any channel reaches
/// -50 dBFS RMS: refused by the recogniser) and clipping (the fraction of samples at +32767 or -32768: a
/// warning).

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace physio::scribe::speech {

struct WavLimits {
  double max_duration_s = 4.0 * 3600.0;
};

/// Decoded PCM audio, channel by channel. // [n_channels][n_frames]
struct Audio {
  int rate_hz = 0;
  std::vector<std::vector<std::int16_t>> channels;
  std::size_t frames() const { return channels.empty() ? 0 : channels.front().size(); }
  double duration_s() const { return rate_hz > 0 ? static_cast<double>(frames()) / rate_hz : 0.0; }
};

/// Parses a WAV file's bytes; errors name `source`.
Result<Audio> parse_wav(std::string_view bytes, const std::string& source, const WavLimits& limits = {});

/// Reads and parses a WAV file (missing file: kNotFound; everything else: kParse / kUnsupported /
/// kOutOfRange / kMissingData).
Result<Audio> load_wav(const std::filesystem::path& path, const WavLimits& limits = {});

/// 16-bit PCM WAV bytes of `audio` (tests and the benchmark's generated audio).
std::string encode_wav(const Audio& audio);

/// Level checks of decoded audio.
struct AudioCheck {
  double rms_dbfs = -200.0;         ///< the loudest channel's RMS over the whole recording, dBFS
  double peak_frame_dbfs = -200.0;  ///< the loudest 20 ms frame's RMS of any channel, dBFS
  double clipped_fraction = 0.0;    ///< samples at full scale / all samples
  bool silent = false;              ///< peak_frame_dbfs below kSilenceDbfs
};
inline constexpr double kSilenceDbfs = -50.0;
/// A warning is worth giving from this fraction of clipped samples on (0.1 %).
inline constexpr double kClippingWarnFraction = 0.001;

AudioCheck inspect_audio(const Audio& audio);

}  // namespace physio::scribe::speech
