#pragma once
/// A QR code as SVG (libqrencode, error correction level M, a 4-module quiet zone): the TOTP enrolment
/// URI shown at a staff member's first sign-in, drawn on the server so the secret never leaves it for a
/// third-party image service.

#include <string>
#include <string_view>

#include "core/error.hpp"

namespace physio::security {

/// The QR code of `text` as a standalone SVG element (black modules on white, one path, scalable; the
/// `title` names it for screen readers). kInvalidArgument when the text is too long for a QR code.
Result<std::string> qr_svg(std::string_view text, std::string_view title = "QR code");
/// The same SVG as a data: URI (base64), for an <img> element.
Result<std::string> qr_svg_data_uri(std::string_view text, std::string_view title = "QR code");

}  // namespace physio::security
