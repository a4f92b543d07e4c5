#include "server/auth/session_check.hpp"

#include <spdlog/spdlog.h>

#include "security/hash.hpp"
#include "server/http/http_util.hpp"
#include "server/http/services.hpp"

namespace physio::server {

std::optional<net::Response> authenticate(RequestContext& ctx) {
  auto token = cookie_value(ctx.req, kSessionCookie);
  if (!token || token->empty() || token->size() > 100)
    return api_error(401, "not_signed_in", "sign in first");
  const std::string hash = security::blake2b_hex(*token);
  const TimeUs now = now_us();
  const Settings& settings = ctx.services.settings();
  store::Store& store = ctx.services.store();
  struct Loaded {
    clinic::AuthSession session;
    clinic::User user;
  };
  auto loaded = store.read([&](store::Tx& tx) -> Result<Loaded> {
    auto s = PHYSIO_TRY(tx.get_session(hash));
    auto u = PHYSIO_TRY(tx.get_user(s.user_id));
    return Loaded{std::move(s), std::move(u)};
  });
  if (!loaded) {
    if (loaded.error().code() == ErrorCode::kNotFound)
      return api_error(401, "not_signed_in", "sign in first");
    spdlog::error("session lookup: {}", loaded.error().to_string());
    return api_error(503, "store_unavailable", "the record store is not available; try again");
  }
  const auto& s = loaded->session;
  const auto& u = loaded->user;
  if (s.revoked || s.expires_us <= now || u.disabled ||
      now - s.last_seen_us > settings.session_idle_minutes * 60 * kUsPerSecond)
    return api_error(401, "session_ended", "your session has ended; sign in again");
  // Sliding idle expiry, written at most once a minute so reads stay reads.
  if (now - s.last_seen_us > 60 * kUsPerSecond) {
    const TimeUs hard_end = s.created_us + settings.session_max_hours * 3600 * kUsPerSecond;
    (void)store.write([&](store::Tx& tx) { return tx.touch_session(hash, now, hard_end); });
  }
  ctx.who = clinic::Principal{u.id, u.clinic_id, u.role, u.patient_id, std::nullopt};
  ctx.session_hash = hash;
  ctx.csrf_token = s.csrf_token;
  return std::nullopt;
}

}  // namespace physio::server
