#pragma once
/// The web pages: files under the web folder, index.html for any other page path (the pages route on
/// the client), long caching for versioned vendor files, never a path outside the folder.

#include <filesystem>
#include <string_view>

#include "server/net/http.hpp"

namespace physio::server {

/// The web folder: `configured` if set, else `web/` next to the program's parent folders or the
/// source tree it was built from.
std::filesystem::path find_web_dir(const std::filesystem::path& configured);

net::Response static_response(const std::filesystem::path& web_dir, std::string_view path);

}  // namespace physio::server
