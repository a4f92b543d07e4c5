// The test clock's routes (docs/server/operations.md, "A test clock"): only under
// `physio serve --test-clock`; otherwise every caller gets 404, as for a route that does not exist.
#include "server/app/api_test_clock.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "core/file_io.hpp"
#include "core/wall_clock.hpp"
#include "server/http/context.hpp"
#include "server/http/handler_util.hpp"
#include "server/http/http_util.hpp"

namespace physio::server {
namespace {

nlohmann::json clock_json() {
  return {{"now", iso_time(wall_clock::now_us())},
          {"offset_s", wall_clock::offset_us() / kUsPerSecond},
          {"test_mode", wall_clock::test_mode()}};
}

std::optional<net::Response> refuse_outside_test_mode(RequestContext& ctx) {
  if (!wall_clock::test_mode()) return api_error(404, "not_found", "no such route");
  // The clinic's administrator only.
  return ctx.authorize({ctx.principal().clinic_id, std::nullopt}, "clock", "");
}

net::Response read_clock(RequestContext& ctx) {
  if (auto d = refuse_outside_test_mode(ctx)) return *d;
  return json_ok(clock_json());
}

net::Response move_clock(RequestContext& ctx) {
  if (auto d = refuse_outside_test_mode(ctx)) return *d;
  const bool has_at = ctx.body.contains("at"), has_advance = ctx.body.contains("advance_s");
  if (has_at == has_advance)
    return api_error(400, "invalid_body", "give either at (an ISO time) or advance_s (seconds)", "/at");
  const TimeUs before = wall_clock::now_us();
  Result<TimeUs> moved = std::unexpected(Error(ErrorCode::kInternal, "unset"));
  if (has_at) {
    const auto at = parse_iso_time(ctx.body["at"].get<std::string>());
    if (!at) return api_error(400, "invalid_body", "at: an ISO time such as 2026-11-30T08:00:00Z", "/at");
    moved = wall_clock::jump_to(*at);
    if (!moved) return api_error(400, "invalid_body", "at: " + moved.error().message(), "/at");
  } else {
    moved = wall_clock::advance(ctx.body["advance_s"].get<std::int64_t>() * kUsPerSecond);
    if (!moved) return api_error(400, "invalid_body", "advance_s: " + moved.error().message(), "/advance_s");
  }
  // Saved beside the data, so a restarted test server goes on from the same instant.
  if (auto st = save_file_atomic(test_clock_file(ctx.services.settings().data_dir), std::to_string(*moved));
      !st)
    spdlog::warn("test clock: cannot save the offset: {}", st.error().to_string());
  spdlog::warn("TEST CLOCK moved from {} to {}", iso_time(before), iso_time(wall_clock::now_us()));
  auto ev = ctx.audit_event("clock", "", "");
  ev.detail = fmt::format("{} -> {}", iso_time(before), iso_time(wall_clock::now_us()));
  if (auto st = ctx.services.store().write([&](store::Tx& tx) { return tx.append_audit({ev}); }); !st)
    return store_error(st.error());
  return json_ok(clock_json());
}

}  // namespace

std::filesystem::path test_clock_file(const std::filesystem::path& data_dir) {
  return data_dir / "test-clock-offset";
}

void add_test_clock_routes(RouteTable& routes) {
  routes.push_back(make_route("GET", "/api/test-clock",
                              "The test clock: now and its offset (only under `serve --test-clock`; 404 "
                              "otherwise)",
                              clinic::Action::kManageStaff, Target::kClinic, "", read_clock));
  auto move = make_route("POST", "/api/test-clock",
                         "Move the test clock forward, to an instant or by seconds (only under `serve "
                         "--test-clock`; 404 otherwise)",
                         clinic::Action::kManageStaff, Target::kClinic, "clock.move", move_clock);
  move.body = BodyKind::kJson;
  move.max_body = 1024;
  move.schema.fields = {
      text_field("at", false, "the instant to move to (ISO 8601, UTC, e.g. 2026-11-30T08:00:00Z)", 40),
      number_field("advance_s", "seconds to move forward (1 to 400 days)", 1, 400.0 * 86'400,
                   FieldType::kInteger),
  };
  routes.push_back(move);
}

}  // namespace physio::server
