#pragma once
/// Small helpers every handler uses: JSON answers with the error shape of the API, cookies, times as
/// ISO 8601, and the security headers added to every response.

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/time.hpp"
#include "server/net/http.hpp"

namespace physio::server {

/// `{"error": code, "message": message[, "field": field]}`.
net::Response api_error(int status, std::string_view code, std::string_view message,
                        std::string_view field = {});
net::Response json_ok(const nlohmann::json& body, int status = 200);
/// The one 404 of a record inside a clinic, the same whether it does not exist or is out of the caller's
/// reach: `{"error": "not_found", "message": "no such <record type in words>"}` ("live_session" and
/// "Observation" both in lower-case words: "no such live session", "no such observation").
net::Response not_found_answer(std::string_view record_type);

/// The value of cookie `name` in the request's Cookie header.
std::optional<std::string> cookie_value(const net::Request& req, std::string_view name);

/// "2026-11-23T10:15:00.000000Z" (UTC, microseconds).
std::string iso_time(TimeUs t);
/// Parses "YYYY-MM-DDTHH:MM[:SS[.ffffff]]Z" (UTC) into microseconds.
std::optional<TimeUs> parse_iso_time(std::string_view s);
/// "YYYY-MM-DD" of a UTC time.
std::string iso_date(TimeUs t);
/// The current UTC time.
TimeUs now_us();

/// Adds the headers every response carries: CSP without inline script, frame-ancestors 'none', nosniff,
/// Referrer-Policy, no caching of API answers.
void add_security_headers(net::Response& r, bool api);

/// The value of the query parameter `name`, if present.
std::optional<std::string> query_param(const net::Request& req, std::string_view name);

}  // namespace physio::server
