#include "security/qr.hpp"

#include <qrencode.h>
#include <sodium.h>

#include <fmt/format.h>

#include "core/markup.hpp"

namespace physio::security {

Result<std::string> qr_svg(std::string_view text, std::string_view title) {
  const std::string s(text);
  QRcode* code = QRcode_encodeString(s.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (code == nullptr)
    return fail(ErrorCode::kInvalidArgument, "cannot make a QR code of {} bytes", s.size());
  const int w = code->width;
  constexpr int kQuiet = 4;
  const int size = w + 2 * kQuiet;
  std::string path;
  for (int y = 0; y < w; ++y)
    for (int x = 0; x < w; ++x)
      if (code->data[y * w + x] & 1) path += fmt::format("M{} {}h1v1h-1z", x + kQuiet, y + kQuiet);
  QRcode_free(code);
  return fmt::format(
      R"(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {0} {0}" width="{1}" height="{1}" )"
      R"(shape-rendering="crispEdges" role="img"><title>{2}</title><rect width="{0}" height="{0}" )"
      R"(fill="#fff"/><path d="{3}" fill="#000"/></svg>)",
      size, size * 5, escape_markup(title), path);
}

Result<std::string> qr_svg_data_uri(std::string_view text, std::string_view title) {
  auto svg = qr_svg(text, title);
  if (!svg) return std::unexpected(svg.error());
  std::string b64(sodium_base64_ENCODED_LEN(svg->size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(b64.data(), b64.size(), reinterpret_cast<const unsigned char*>(svg->data()), svg->size(),
                    sodium_base64_VARIANT_ORIGINAL);
  b64.resize(std::char_traits<char>::length(b64.c_str()));
  return "data:image/svg+xml;base64," + b64;
}

}  // namespace physio::security
