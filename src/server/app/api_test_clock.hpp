#pragma once
/// The test clock's routes: GET and POST /api/test-clock (docs/server/operations.md, "A test clock").

#include <filesystem>

#include "server/http/routes.hpp"

namespace physio::server {

/// Where the test clock's offset (microseconds) is kept between runs: <data>/test-clock-offset.
std::filesystem::path test_clock_file(const std::filesystem::path& data_dir);

void add_test_clock_routes(RouteTable& routes);

}  // namespace physio::server
