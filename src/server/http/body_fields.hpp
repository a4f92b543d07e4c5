#pragma once
/// Reading a checked JSON body's fields and naming the field at fault: optional strings and numbers, past
/// times, date fields for a schema, and a parser's "a.b[2].c: message" as the API's "/a/b/2/c" field.

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/time.hpp"
#include "server/http/body_schema.hpp"
#include "server/net/http.hpp"

namespace physio::server {

/// A body's string (fallback when absent or null) and number (nullopt when absent or null).
std::string str(const nlohmann::json& body, const char* key, std::string fallback = "");
std::optional<double> num(const nlohmann::json& body, const char* key);

/// A time given in the body ("done", "at"): not more than 5 minutes ahead and not before 2000; now
/// when absent. nullopt with `error` set (400 naming the field) when it is not such a time.
std::optional<TimeUs> body_time(const nlohmann::json& b, const char* key,
                                std::optional<net::Response>& error);

/// A date body field (YYYY-MM-DD, a real calendar date).
FieldSpec date_field(std::string name, std::string description);

/// "prescriptions[2].dosage.reps: must be 1..100" -> {"/prescriptions/2/dosage/reps", the message}.
BodyProblem field_problem(const std::string& message, const std::string& prefix = "");
/// 400 naming the field.
net::Response bad_field(const BodyProblem& p);

}  // namespace physio::server
