#include "server/auth/smart_tokens.hpp"

#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <variant>

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include "security/jose.hpp"
#include "security/random.hpp"
#include "server/auth/smart_bearer.hpp"
#include "server/http/fhir_answers.hpp"
#include "server/http/handler_util.hpp"
#include "server/http/http_util.hpp"

namespace physio::server {

namespace fs = std::filesystem;
using json = nlohmann::json;

Result<std::string> smart_signing_key(const Settings& settings) {
  static std::mutex mu;
  static std::map<std::string, std::string> cache;
  const fs::path path = settings.smart_signing_key.empty() ? settings.data_dir / "smart" / "id-token-key.json"
                                                           : settings.smart_signing_key;
  std::lock_guard lock(mu);
  if (auto it = cache.find(path.string()); it != cache.end()) return it->second;
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    auto key = PHYSIO_TRY(security::generate_rsa_jwk(security::random_id().substr(0, 16)));
    fs::create_directories(path.parent_path(), ec);
    const fs::path tmp = path.string() + ".tmp";
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      ::chmod(tmp.c_str(), 0600);
      out << key;
      if (!out) return std::unexpected(Error(ErrorCode::kIo, "cannot write " + tmp.string()));
    }
    ::chmod(tmp.c_str(), 0600);
    fs::rename(tmp, path, ec);
    if (ec)
      return std::unexpected(Error(ErrorCode::kIo, "cannot write " + path.string() + ": " + ec.message()));
    spdlog::info("SMART: a new id_token signing key was written to {}", path.string());
  }
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (text.empty()) return std::unexpected(Error(ErrorCode::kIo, "cannot read " + path.string()));
  cache[path.string()] = text;
  return text;
}

JwksSource& app_key_sets(const Settings& settings) {
  static JwksSource source([ca = settings.smart_jwks_ca_file](const std::string& url) {
    net::FetchOptions options;
    options.ca_file = ca;
    return net::fetch_url(url, options);
  });
  return source;
}

std::string request_origin(const RequestContext& ctx) {
  std::string base = fhir_base(ctx);
  return base.substr(0, base.size() - 5);  // without "/fhir"
}

std::string token_endpoint(const RequestContext& ctx) {
  return request_origin(ctx) + "/oauth/token";
}

Result<void> verify_client_assertion(RequestContext& ctx, const store::SmartClientRow& client,
                                     const json& form) {
  auto refuse = [](std::string why) {
    return std::unexpected(Error(ErrorCode::kInvalidArgument, std::move(why)));
  };
  if (form.value("client_assertion_type", "") != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
    return refuse("client_assertion_type must be urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
  const std::string assertion = form.value("client_assertion", "");
  if (assertion.empty()) return refuse("client_assertion is missing");
  std::string keys = client.jwks;
  if (!client.jwks_uri.empty()) {
    auto fetched = app_key_sets(ctx.services.settings()).keys(client.jwks_uri, security::jws_kid(assertion));
    if (!fetched) return refuse(fetched.error().message());
    keys = std::move(*fetched);
  }
  auto verified = security::verify_jws(assertion, keys);
  if (!verified) return refuse(verified.error().message());
  const json claims = json::parse(verified->payload, nullptr, false);
  if (!claims.is_object()) return refuse("the assertion's payload is not a JSON object");
  auto str = [&](const char* k) {
    return claims.contains(k) && claims[k].is_string() ? claims[k].get<std::string>() : "";
  };
  if (str("iss") != client.id || str("sub") != client.id)
    return refuse("the assertion's iss and sub must be the client_id");
  const std::string want_aud = token_endpoint(ctx);
  bool aud_ok = str("aud") == want_aud;
  if (claims.contains("aud") && claims["aud"].is_array())
    for (const auto& a : claims["aud"]) aud_ok |= a.is_string() && a.get<std::string>() == want_aud;
  if (!aud_ok) return refuse("the assertion's aud must be the token endpoint " + want_aud);
  if (!claims.contains("exp") || !claims["exp"].is_number()) return refuse("the assertion has no exp");
  const double exp = claims["exp"].get<double>();
  const double now_s = static_cast<double>(now_us()) / 1e6;
  if (exp <= now_s) return refuse("the assertion has expired");
  if (exp > now_s + 300 + 5) return refuse("the assertion's exp is more than 5 minutes ahead");
  const std::string jti = str("jti");
  if (jti.empty() || jti.size() > 200) return refuse("the assertion has no jti");
  const TimeUs exp_us = static_cast<TimeUs>(exp * 1e6);
  auto fresh = ctx.services.store().write(
      [&](store::Tx& tx) { return store::remember_smart_jti(tx, client.id, jti, exp_us, now_us()); });
  if (!fresh) return std::unexpected(fresh.error());
  if (!*fresh) return refuse("the assertion's jti was already used");
  return {};
}

std::variant<store::SmartClientRow, net::Response> authenticate_client(RequestContext& ctx,
                                                                       const json& form) {
  std::string client_id = form.value("client_id", "");
  const bool has_assertion = form.contains("client_assertion");
  if (has_assertion && client_id.empty()) {
    // The issuer of the assertion names the client (read unverified; verified below against its keys).
    const std::string a = form.value("client_assertion", "");
    const auto d1 = a.find('.'), d2 = a.find('.', d1 == std::string::npos ? 0 : d1 + 1);
    if (d1 != std::string::npos && d2 != std::string::npos) {
      std::string mid = a.substr(d1 + 1, d2 - d1 - 1);
      for (auto& c : mid) c = c == '-' ? '+' : c == '_' ? '/' : c;
      while (mid.size() % 4 != 0) mid += '=';
      std::string decoded;
      static const std::string b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
      int val = 0, bits = -8;
      for (char c : mid) {
        if (c == '=') break;
        const auto p = b64.find(c);
        if (p == std::string::npos) break;
        val = (val << 6) + static_cast<int>(p);
        bits += 6;
        if (bits >= 0) {
          decoded.push_back(static_cast<char>((val >> bits) & 0xFF));
          bits -= 8;
        }
      }
      const json claims = json::parse(decoded, nullptr, false);
      if (claims.is_object() && claims.contains("iss") && claims["iss"].is_string())
        client_id = claims["iss"].get<std::string>();
    }
  }
  if (client_id.empty() || client_id.size() > 100)
    return oauth_error(401, "invalid_client", "name the client: client_id, or a client_assertion");
  auto client =
      ctx.services.store().read([&](store::Tx& tx) { return store::get_smart_client(tx, client_id); });
  if (!client || client->disabled) return oauth_error(401, "invalid_client", "unknown or disabled client");
  if (client->kind == "public") {
    if (has_assertion) return oauth_error(401, "invalid_client", "a public client sends no client_assertion");
    return *client;
  }
  if (!has_assertion)
    return oauth_error(401, "invalid_client", "this client authenticates with a signed client_assertion");
  if (auto v = verify_client_assertion(ctx, *client, form); !v) {
    if (v.error().code() != ErrorCode::kInvalidArgument) return store_error(v.error());
    auto e = smart_audit(ctx, "smart.client.refused", client->clinic_id, "app:" + client->id, "", client->id,
                         "", "denied");
    e.detail += "; " + v.error().message();
    ctx.pending_reads.push_back(std::move(e));
    return oauth_error(401, "invalid_client", v.error().message());
  }
  return *client;
}

store::AuditEventInput smart_audit(const RequestContext& ctx, std::string_view action,
                                   std::string_view clinic_id, std::string_view actor_id,
                                   std::string_view patient_id, std::string_view client_id,
                                   std::string_view scope, std::string_view outcome) {
  store::AuditEventInput e;
  e.time_us = now_us();
  e.clinic_id = std::string(clinic_id);
  e.actor_id = std::string(actor_id);
  e.role = ctx.who ? std::string(clinic::to_string(ctx.who->role)) : "app";
  e.action = std::string(action);
  e.record_type = "smart_app";
  e.record_id = std::string(client_id);
  e.patient_id = std::string(patient_id);
  e.client = ctx.req.client_address;
  e.outcome = std::string(outcome);
  e.detail = "app " + std::string(client_id) + (scope.empty() ? "" : "; scope " + std::string(scope));
  return e;
}

}  // namespace physio::server
