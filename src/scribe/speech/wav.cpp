// WAV reading: the header is parsed and checked (format, duration) before any sample is decoded, so a
// 4-hour or compressed file is refused without reading it whole.
#include "scribe/speech/wav.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>

namespace physio::scribe::speech {
namespace {

constexpr std::uint16_t kFormatPcm = 0x0001;
constexpr std::uint16_t kFormatExtensible = 0xFFFE;

std::uint32_t u32(std::string_view b, std::size_t at) {
  auto c = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + i])); };
  return c(0) | (c(1) << 8) | (c(2) << 16) | (c(3) << 24);
}
std::uint16_t u16(std::string_view b, std::size_t at) {
  auto c = [&](std::size_t i) { return static_cast<std::uint16_t>(static_cast<unsigned char>(b[at + i])); };
  return static_cast<std::uint16_t>(c(0) | (c(1) << 8));
}

std::string format_name(std::uint16_t tag) {
  switch (tag) {
    case 0x0001:
      return "PCM";
    case 0x0002:
      return "Microsoft ADPCM";
    case 0x0003:
      return "IEEE float";
    case 0x0006:
      return "A-law";
    case 0x0007:
      return "mu-law";
    case 0x0011:
      return "IMA ADPCM";
    case 0x0031:
      return "GSM 6.10";
    case 0x0050:
      return "MPEG";
    case 0x0055:
      return "MP3";
    default:
      return fmt::format("format tag 0x{:04x}", tag);
  }
}

struct Header {
  int rate_hz = 0;
  int channels = 0;
  std::size_t block_align = 0;
  std::size_t data_offset = 0;
  std::size_t data_bytes = 0;  ///< as the header says (may exceed the file when truncated)
};

// Parses the chunks of `b` (the file, or its first part) up to the `data` chunk's start.
Result<Header> parse_header(std::string_view b, const std::string& source, const WavLimits& limits) {
  if (b.size() < 12 || b.substr(0, 4) != "RIFF" || b.substr(8, 4) != "WAVE") {
    if (b.size() >= 4 && b.substr(0, 4) == "RF64")
      return fail(ErrorCode::kUnsupported, "{}: RF64 (a WAV over 4 GiB) is not read", source);
    return fail(ErrorCode::kParse, "{}: not a WAV file (RIFF/WAVE header missing)", source);
  }
  Header h;
  bool have_fmt = false;
  std::size_t at = 12;
  while (true) {
    if (at + 8 > b.size())
      return fail(ErrorCode::kParse, "{}: no 'data' chunk{}", source,
                  have_fmt ? " (no audio samples)" : " and no 'fmt ' chunk");
    std::string_view id = b.substr(at, 4);
    std::size_t size = u32(b, at + 4);
    std::size_t body = at + 8;
    if (id == "fmt ") {
      if (size < 16 || body + 16 > b.size())
        return fail(ErrorCode::kParse, "{}: 'fmt ' chunk of {} bytes is too short", source, size);
      std::uint16_t tag = u16(b, body);
      int channels = u16(b, body + 2);
      std::uint32_t rate = u32(b, body + 4);
      std::size_t block = u16(b, body + 12);
      int bits = u16(b, body + 14);
      if (tag == kFormatExtensible) {
        if (size < 40 || body + 40 > b.size())
          return fail(ErrorCode::kParse, "{}: WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk is too short", source);
        tag = u16(b, body + 24);  // the first two bytes of the sub-format GUID are the format tag
      }
      if (tag != kFormatPcm)
        return fail(
            ErrorCode::kUnsupported,
            "{}: {} audio is not read: convert it to 16-bit PCM WAV (e.g. `sox in.wav -b 16 -e signed "
            "out.wav`)",
            source, format_name(tag));
      if (bits != 16)
        return fail(
            ErrorCode::kUnsupported,
            "{}: {}-bit PCM is not read: convert it to 16-bit PCM WAV (e.g. `sox in.wav -b 16 out.wav`)",
            source, bits);
      if (channels < 1 || channels > 8)
        return fail(ErrorCode::kUnsupported, "{}: {} channels (1 to 8 are read)", source, channels);
      if (rate < 8000 || rate > 192000)
        return fail(ErrorCode::kUnsupported, "{}: sample rate {} Hz (8000 to 192000 Hz are read)", source,
                    rate);
      if (block != static_cast<std::size_t>(channels) * 2)
        return fail(ErrorCode::kParse, "{}: block align {} does not match {} channels of 16 bits", source,
                    block, channels);
      h.rate_hz = static_cast<int>(rate);
      h.channels = channels;
      h.block_align = block;
      have_fmt = true;
    } else if (id == "data") {
      if (!have_fmt) return fail(ErrorCode::kParse, "{}: 'data' chunk before the 'fmt ' chunk", source);
      h.data_offset = body;
      h.data_bytes = size;
      double duration_s = static_cast<double>(size / h.block_align) / static_cast<double>(h.rate_hz);
      if (size == 0xFFFFFFFFu) duration_s = 0;  // a stream's placeholder: checked again after reading
      if (duration_s > limits.max_duration_s)
        return fail(ErrorCode::kOutOfRange,
                    "{}: the recording lasts {:.2f} h, more than the {:.2f} h allowed", source,
                    duration_s / 3600.0, limits.max_duration_s / 3600.0);
      return h;
    }
    at = body + size + (size & 1);
  }
}

Result<Audio> decode(std::string_view data, const Header& h, const std::string& source,
                     const WavLimits& limits) {
  std::size_t n = data.size() / h.block_align;
  if (n == 0) return fail(ErrorCode::kMissingData, "{}: no audio samples", source);
  if (static_cast<double>(n) / h.rate_hz > limits.max_duration_s)
    return fail(ErrorCode::kOutOfRange, "{}: the recording lasts {:.2f} h, more than the {:.2f} h allowed",
                source, static_cast<double>(n) / h.rate_hz / 3600.0, limits.max_duration_s / 3600.0);
  Audio a;
  a.rate_hz = h.rate_hz;
  a.channels.assign(static_cast<std::size_t>(h.channels), std::vector<std::int16_t>(n));
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t c = 0; c < a.channels.size(); ++c) {
      const unsigned char* s = p + i * h.block_align + c * 2;
      a.channels[c][i] = static_cast<std::int16_t>(static_cast<std::uint16_t>(s[0] | (s[1] << 8)));
    }
  return a;
}

}  // namespace

Result<Audio> parse_wav(std::string_view bytes, const std::string& source, const WavLimits& limits) {
  Header h = PHYSIO_TRY(parse_header(bytes, source, limits));
  std::size_t avail = bytes.size() - h.data_offset;
  return decode(bytes.substr(h.data_offset, std::min(avail, h.data_bytes)), h, source, limits);
}

Result<Audio> load_wav(const std::filesystem::path& path, const WavLimits& limits) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    return fail(ErrorCode::kNotFound, "{}: no such file", path.string());
  if (std::filesystem::is_directory(path, ec))
    return fail(ErrorCode::kInvalidArgument, "{}: is a folder, not a WAV file", path.string());
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(ErrorCode::kIo, "{}: cannot be read", path.string());
  // The header (and any chunks before the samples) within the first MiB.
  std::string head(1 << 20, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  Header h = PHYSIO_TRY(parse_header(head, path.string(), limits));
  auto file_size = std::filesystem::file_size(path, ec);
  if (ec) return fail(ErrorCode::kIo, "{}: cannot be read", path.string());
  std::size_t avail = file_size > h.data_offset ? static_cast<std::size_t>(file_size) - h.data_offset : 0;
  std::string data(std::min(avail, h.data_bytes), '\0');
  in.clear();
  in.seekg(static_cast<std::streamoff>(h.data_offset));
  in.read(data.data(), static_cast<std::streamsize>(data.size()));
  data.resize(static_cast<std::size_t>(in.gcount()));
  return decode(data, h, path.string(), limits);
}

std::string encode_wav(const Audio& audio) {
  std::size_t ch = audio.channels.size(), n = audio.frames();
  std::string out;
  auto put32 = [&](std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
  };
  auto put16 = [&](std::uint16_t v) {
    out.push_back(static_cast<char>(v & 0xFF));
    out.push_back(static_cast<char>(v >> 8));
  };
  auto data_bytes = static_cast<std::uint32_t>(n * ch * 2);
  out += "RIFF";
  put32(36 + data_bytes);
  out += "WAVEfmt ";
  put32(16);
  put16(kFormatPcm);
  put16(static_cast<std::uint16_t>(ch));
  put32(static_cast<std::uint32_t>(audio.rate_hz));
  put32(static_cast<std::uint32_t>(audio.rate_hz * static_cast<int>(ch) * 2));
  put16(static_cast<std::uint16_t>(ch * 2));
  put16(16);
  out += "data";
  put32(data_bytes);
  out.reserve(out.size() + data_bytes);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t c = 0; c < ch; ++c) put16(static_cast<std::uint16_t>(audio.channels[c][i]));
  return out;
}

AudioCheck inspect_audio(const Audio& audio) {
  AudioCheck r;
  std::size_t clipped = 0, total = 0;
  auto db = [](double mean_square) { return mean_square > 0 ? 10.0 * std::log10(mean_square) : -200.0; };
  std::size_t frame = static_cast<std::size_t>(std::max(1, audio.rate_hz / 50));
  for (const auto& c : audio.channels) {
    double sum = 0, frame_sum = 0;
    for (std::size_t i = 0; i < c.size(); ++i) {
      std::int16_t s = c[i];
      double v = s / 32768.0;
      sum += v * v;
      frame_sum += v * v;
      if ((i + 1) % frame == 0 || i + 1 == c.size()) {
        std::size_t len = (i % frame) + 1;
        r.peak_frame_dbfs = std::max(r.peak_frame_dbfs, db(frame_sum / static_cast<double>(len)));
        frame_sum = 0;
      }
      if (s >= 32767 || s <= -32768) ++clipped;
    }
    total += c.size();
    if (!c.empty()) r.rms_dbfs = std::max(r.rms_dbfs, db(sum / static_cast<double>(c.size())));
  }
  r.clipped_fraction = total ? static_cast<double>(clipped) / static_cast<double>(total) : 0.0;
  r.silent = r.peak_frame_dbfs < kSilenceDbfs;
  return r;
}

}  // namespace physio::scribe::speech
