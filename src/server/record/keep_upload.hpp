#pragma once
/// An upload's temporary file moved into the clinic's files (recordings, visit audio): flushed to disk with
/// its folder entry before the row that names it commits, so a crash leaves no row without its file.

#include <filesystem>
#include <optional>
#include <string>

#include "server/http/context.hpp"

namespace physio::server {

/// Moves the request's body file to <data>/files/<clinic>/<prefix><random><ext>; `rel` gets the path
/// relative to <data>/files. A 500 answer when it cannot be stored.
std::optional<net::Response> keep_upload(RequestContext& ctx, const std::string& prefix,
                                         const std::string& ext, std::filesystem::path& rel);

}  // namespace physio::server
