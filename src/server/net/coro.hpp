#pragma once
// Internal to server_net: the completion helpers its coroutines share. Includes Boost, so only this module's
// .cpp files may include it.

// Boost 1.74's asio uses std::exchange without including <utility>; with g++ 12 it must come first.
#include <utility>

#include <exception>

#include <spdlog/spdlog.h>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace physio::net::detail {

/// A completion token for `co_await`: the operation's error lands in `ec` instead of being thrown.
inline auto redirect(boost::system::error_code& ec) {
  return boost::asio::redirect_error(boost::asio::use_awaitable, ec);
}

/// co_spawn's completion handler for a coroutine nobody waits on: an exception that ended it is logged.
inline auto log_exception(const char* what) {
  return [what](std::exception_ptr e) {
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      spdlog::error("server: {} failed: {}", what, ex.what());
    } catch (...) {
      spdlog::error("server: {} failed", what);
    }
  };
}

}  // namespace physio::net::detail
