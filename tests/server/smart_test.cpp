// SMART on FHIR (docs/server/smart.md): discovery, the authorization code flow with PKCE, scopes narrowing
// the existing authorization, refresh rotation and reuse detection, introspection, revocation, bearer
// tokens refused outside /fhir/, and Backend Services' signed assertions with a bulk export.
#include <chrono>
#include <thread>

#include <sys/stat.h>

#include <gtest/gtest.h>

#include "common/canned_http.hpp"
#include "security/hash.hpp"
#include "security/jose.hpp"
#include "security/random.hpp"
#include "server/http/http_util.hpp"
#include "server/net/url.hpp"
#include "server_fixture.hpp"
#include "store/smart.hpp"

namespace physio::test {
namespace {

using json = nlohmann::json;
constexpr const char* kRedirect = "https://app.example/cb";

std::string enc(std::string_view v) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : v) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string form(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out;
  for (const auto& [k, v] : fields) out += (out.empty() ? "" : "&") + k + "=" + enc(v);
  return out;
}

/// The value of `name` in the query of a redirect target.
std::string param_of(const std::string& url, const std::string& name) {
  const auto q = url.find('?');
  if (q == std::string::npos) return "";
  for (const auto& [k, v] : net::parse_query(url.substr(q + 1)))
    if (k == name) return v;
  return "";
}

struct Smart {
  TestServer& ts;
  std::string base;  ///< the FHIR base URL the server announces

  explicit Smart(TestServer& t) : ts(t) {
    Client anon(ts.port());
    auto r = anon.get("/fhir/.well-known/smart-configuration");
    base = anon.json(r).value("issuer", "");
  }

  net::ClientResponse post_form(const std::string& path, const std::string& body,
                                const std::vector<net::Header>& headers = {}) {
    Client anon(ts.port());
    return anon.request("POST", path, body, "application/x-www-form-urlencoded", false, headers);
  }

  /// Registers an app as the clinic's administrator; its client id.
  std::string register_app(const json& body) {
    Client admin(ts.port());
    admin.login(ts.seeded().user_email.at("admin"));
    auto r = admin.request("POST", "/api/smart/apps", body.dump());
    if (r.status != 201) throw std::runtime_error("register: " + r.body);
    return admin.json(r)["client_id"].get<std::string>();
  }

  /// GET /oauth/authorize with the usual parameters (`change` replaces or removes some: "" removes).
  net::ClientResponse authorize(const std::string& client_id, const std::string& scope,
                                const std::string& verifier, std::map<std::string, std::string> change = {}) {
    std::map<std::string, std::string> p = {{"response_type", "code"},
                                            {"client_id", client_id},
                                            {"redirect_uri", kRedirect},
                                            {"scope", scope},
                                            {"state", "st-123"},
                                            {"aud", base},
                                            {"code_challenge", security::pkce_s256(verifier)},
                                            {"code_challenge_method", "S256"}};
    for (const auto& [k, v] : change) {
      if (v.empty())
        p.erase(k);
      else
        p[k] = v;
    }
    std::string q;
    for (const auto& [k, v] : p) q += (q.empty() ? "?" : "&") + k + "=" + enc(v);
    Client anon(ts.port());
    return anon.get("/oauth/authorize" + q);
  }

  /// The whole flow for a signed-in user up to the code: authorize, then Allow on the consent page.
  std::string code_for(Client& user, const std::string& client_id, const std::string& scope,
                       const std::string& verifier, const std::string& patient_id = "",
                       std::map<std::string, std::string> change = {}) {
    auto a = authorize(client_id, scope, verifier, std::move(change));
    const std::string loc(a.header("location").value_or(""));
    if (a.status != 302 || !loc.starts_with("/authorize/"))
      throw std::runtime_error("authorize: " + loc + a.body);
    const std::string request = loc.substr(11);
    auto shown = user.get("/api/smart/authorization?request=" + request);
    if (shown.status != 200) throw std::runtime_error("consent: " + shown.body);
    json scopes = json::array();
    const json page = user.json(shown);
    for (const auto& s : page["scopes"]) scopes.push_back(s["scope"]);
    json body = {{"request", request}, {"allow", true}, {"scopes", scopes}};
    if (!patient_id.empty()) body["patient_id"] = patient_id;
    auto d = user.request("POST", "/api/smart/authorization", body.dump());
    if (d.status != 200) throw std::runtime_error("decide: " + d.body);
    const std::string redirect = user.json(d)["redirect"].get<std::string>();
    EXPECT_EQ(param_of(redirect, "state"), "st-123");
    return param_of(redirect, "code");
  }

  net::ClientResponse exchange(const std::string& client_id, const std::string& code,
                               const std::string& verifier, const std::string& redirect = kRedirect) {
    return post_form("/oauth/token", form({{"grant_type", "authorization_code"},
                                           {"code", code},
                                           {"redirect_uri", redirect},
                                           {"code_verifier", verifier},
                                           {"client_id", client_id}}));
  }

  json token_for(Client& user, const std::string& client_id, const std::string& scope,
                 const std::string& patient_id = "") {
    const std::string verifier = security::random_token();
    auto r = exchange(client_id, code_for(user, client_id, scope, verifier, patient_id), verifier);
    if (r.status != 200) throw std::runtime_error("token: " + r.body);
    return json::parse(r.body);
  }

  net::ClientResponse fhir(const std::string& token, const std::string& target) {
    Client anon(ts.port());
    return anon.request("GET", target, "", "application/json", false, {{"authorization", "Bearer " + token}});
  }
};

json public_app(const std::string& scopes) {
  return {{"name", "Knee app"},
          {"kind", "public"},
          {"redirect_uris", {kRedirect}},
          {"launch_url", "https://app.example/launch"},
          {"scopes", scopes}};
}

/// The session token in a signed-in client's cookie ("physio_session=<token>").
std::string session_token(const Client& c) {
  return c.cookie().substr(c.cookie().find('=') + 1);
}

bool fhir_scope_has(const json& scope, const std::string& word) {
  const std::string text = scope.is_string() ? scope.get<std::string>() : "";
  return (" " + text + " ").find(" " + word + " ") != std::string::npos;
}

const std::string kAllScopes =
    "launch launch/patient openid fhirUser offline_access patient/*.rs user/*.rs patient/Observation.rs";

class SmartTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ts_ = TestServer::start("smart").release(); }
  static void TearDownTestSuite() {
    delete ts_;
    ts_ = nullptr;
  }
  static TestServer* ts_;
};
TestServer* SmartTest::ts_ = nullptr;

TEST_F(SmartTest, DiscoveryAndCapabilityStatementAnnounceTheEndpoints) {
  Smart s(*ts_);
  Client anon(ts_->port());
  for (const char* path : {"/.well-known/smart-configuration", "/fhir/.well-known/smart-configuration"}) {
    auto r = anon.get(path);
    ASSERT_EQ(r.status, 200) << path;
    const json c = anon.json(r);
    EXPECT_EQ(c["issuer"], s.base);
    EXPECT_EQ(c["code_challenge_methods_supported"], json::array({"S256"}));
    for (const char* k : {"authorization_endpoint", "token_endpoint", "introspection_endpoint",
                          "revocation_endpoint", "jwks_uri"})
      EXPECT_TRUE(c[k].is_string()) << k;
    const auto caps = c["capabilities"];
    for (const char* cap :
         {"launch-ehr", "launch-standalone", "client-public", "client-confidential-asymmetric",
          "permission-v2", "sso-openid-connect", "context-ehr-patient"})
      EXPECT_NE(std::find(caps.begin(), caps.end(), cap), caps.end()) << cap;
  }
  auto meta = anon.json(anon.get("/fhir/metadata"));
  const auto& sec = meta["rest"][0]["security"];
  EXPECT_EQ(sec["service"][0]["coding"][0]["code"], "SMART-on-FHIR");
  EXPECT_EQ(sec["extension"][0]["url"],
            "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris");
  // OpenID Connect discovery at the issuer: generic OIDC libraries find the endpoints and the keys.
  for (const std::string& path : {s.base.substr(s.base.find("/fhir")) + "/.well-known/openid-configuration",
                                  std::string("/.well-known/openid-configuration")}) {
    auto r = anon.get(path);
    ASSERT_EQ(r.status, 200) << path;
    const json oidc = anon.json(r);
    EXPECT_EQ(oidc["issuer"], s.base) << path;
    EXPECT_EQ(oidc["jwks_uri"], s.base.substr(0, s.base.size() - 5) + "/oauth/jwks");
    EXPECT_EQ(oidc["subject_types_supported"], json::array({"public"}));
    EXPECT_EQ(oidc["id_token_signing_alg_values_supported"], json::array({"RS256"}));
    EXPECT_EQ(oidc["response_types_supported"], json::array({"code"}));
  }
  // CORS for conditional requests: If-None-Match allowed, ETag exposed.
  auto pre = anon.request("OPTIONS", "/fhir/Observation", "", "application/json", false,
                          {{"origin", "https://app.example"}, {"access-control-request-method", "GET"}});
  EXPECT_NE(std::string(pre.header("access-control-allow-headers").value_or("")).find("if-none-match"),
            std::string::npos);
  auto cors = anon.request("GET", "/fhir/metadata", "", "application/json", false,
                           {{"origin", "https://app.example"}});
  EXPECT_NE(std::string(cors.header("access-control-expose-headers").value_or("")).find("etag"),
            std::string::npos);
  auto jwks = anon.json(anon.get("/oauth/jwks"));
  ASSERT_EQ(jwks["keys"].size(), 1u);
  EXPECT_FALSE(jwks["keys"][0].contains("d"));
}

TEST_F(SmartTest, PkceIsRequiredAndChecked) {
  Smart s(*ts_);
  const std::string app = s.register_app(public_app(kAllScopes));
  // No challenge, or the plain method: back to the app with invalid_request.
  for (const auto& change : std::vector<std::map<std::string, std::string>>{
           {{"code_challenge", ""}, {"code_challenge_method", ""}}, {{"code_challenge_method", "plain"}}}) {
    auto r = s.authorize(app, "patient/*.rs", "v", change);
    ASSERT_EQ(r.status, 302);
    const std::string loc(r.header("location").value_or(""));
    EXPECT_TRUE(loc.starts_with(kRedirect)) << loc;
    EXPECT_EQ(param_of(loc, "error"), "invalid_request") << loc;
    EXPECT_EQ(param_of(loc, "state"), "st-123");
  }
  // aud must be this server's FHIR base.
  auto wrong_aud = s.authorize(app, "patient/*.rs", "v", {{"aud", "https://elsewhere.example/fhir"}});
  EXPECT_EQ(param_of(std::string(wrong_aud.header("location").value_or("")), "error"), "invalid_request");
  // A wrong verifier at the token endpoint.
  Client p(ts_->port());
  p.login(ts_->seeded().user_email.at("patient"));
  const std::string verifier = security::random_token();
  const std::string code = s.code_for(p, app, "launch/patient patient/Observation.rs", verifier);
  auto bad = s.exchange(app, code, security::random_token());
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(json::parse(bad.body)["error"], "invalid_grant");
}

TEST_F(SmartTest, RedirectUriMustMatchExactlyAndErrorsBeforeItAreShownNotRedirected) {
  Smart s(*ts_);
  const std::string app = s.register_app(public_app(kAllScopes));
  for (const auto& change :
       std::vector<std::map<std::string, std::string>>{{{"redirect_uri", std::string(kRedirect) + "/x"}},
                                                       {{"redirect_uri", "https://APP.example/cb"}},
                                                       {{"redirect_uri", ""}},
                                                       {{"client_id", "no-such-app"}}}) {
    auto r = s.authorize(app, "patient/*.rs", "v", change);
    EXPECT_EQ(r.status, 400);
    EXPECT_FALSE(r.header("location")) << "redirected to an unchecked address";
    EXPECT_NE(r.body.find("<h1>The app cannot be connected</h1>"), std::string::npos);
  }
  // At the token endpoint, the redirect_uri must be the request's.
  Client p(ts_->port());
  p.login(ts_->seeded().user_email.at("patient"));
  const std::string verifier = security::random_token();
  const std::string code = s.code_for(p, app, "launch/patient patient/Observation.rs", verifier);
  EXPECT_EQ(s.exchange(app, code, verifier, "https://app.example/other").status, 400);
}

TEST_F(SmartTest, CodeIsSingleUseAndAReplayRevokesItsTokens) {
  Smart s(*ts_);
  const std::string app = s.register_app(public_app(kAllScopes));
  Client p(ts_->port());
  p.login(ts_->seeded().user_email.at("patient"));
  const std::string verifier = security::random_token();
  const std::string code = s.code_for(p, app, "launch/patient patient/Observation.rs", verifier);
  auto first = s.exchange(app, code, verifier);
  ASSERT_EQ(first.status, 200) << first.body;
  const json tok = json::parse(first.body);
  EXPECT_EQ(tok["token_type"], "Bearer");
  EXPECT_EQ(tok["patient"], ts_->seeded().p1);
  EXPECT_EQ(tok["scope"], "launch/patient patient/Observation.rs");
  const std::string access = tok["access_token"];
  EXPECT_EQ(s.fhir(access, "/fhir/Observation?patient=" + ts_->seeded().p1).status, 200);
  auto again = s.exchange(app, code, verifier);
  EXPECT_EQ(again.status, 400);
  EXPECT_EQ(json::parse(again.body)["error"], "invalid_grant");
  EXPECT_EQ(s.fhir(access, "/fhir/Observation?patient=" + ts_->seeded().p1).status, 401);
  // Another client cannot use a code.
  const std::string other = s.register_app(public_app(kAllScopes));
  const std::string v2 = security::random_token();
  const std::string code2 = s.code_for(p, app, "launch/patient patient/Observation.rs", v2);
  EXPECT_EQ(s.exchange(other, code2, v2).status, 400);
}

TEST_F(SmartTest, PatientObservationScopeCannotReadConditionsOrAnotherPatient) {
  Smart s(*ts_);
  const auto& sd = ts_->seeded();
  const std::string app = s.register_app(public_app(kAllScopes));
  // A physiotherapist, whose own role reads every patient of the clinic, with P1 in context.
  Client physio(ts_->port());
  physio.login(sd.user_email.at("physiotherapist"));
  const json tok = s.token_for(physio, app, "launch/patient patient/Observation.rs", sd.p1);
  EXPECT_EQ(tok["patient"], sd.p1);
  const std::string t = tok["access_token"];
  auto own = s.fhir(t, "/fhir/Observation?patient=" + sd.p1);
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_GE(json::parse(own.body)["total"].get<int>(), 1);
  EXPECT_EQ(s.fhir(t, "/fhir/Observation/" + sd.observation.at(sd.p1)).status, 200);
  // Conditions: not in the scopes.
  auto cond = s.fhir(t, "/fhir/Condition?patient=" + sd.p1);
  EXPECT_EQ(cond.status, 403);
  EXPECT_EQ(json::parse(cond.body)["resourceType"], "OperationOutcome");
  EXPECT_EQ(s.fhir(t, "/fhir/Condition/" + sd.episode.at(sd.p1)).status, 403);
  EXPECT_EQ(s.fhir(t, "/fhir/Patient/" + sd.p1 + "/$everything").status, 403);
  // Another patient of the same clinic: the physiotherapist's session reads it, the token does not.
  EXPECT_EQ(physio.get("/fhir/Observation/" + sd.observation.at(sd.p2)).status, 200);
  EXPECT_EQ(s.fhir(t, "/fhir/Observation/" + sd.observation.at(sd.p2)).status, 404);
  auto other = s.fhir(t, "/fhir/Observation?patient=" + sd.p2);
  ASSERT_EQ(other.status, 200);
  EXPECT_EQ(json::parse(other.body)["total"], 0);
  // Writing: no c/u scope.
  Client anon(ts_->port());
  auto w = anon.request("POST", "/fhir/Observation", "{}", "application/fhir+json", false,
                        {{"authorization", "Bearer " + t}});
  EXPECT_EQ(w.status, 403);
}

TEST_F(SmartTest, FrontDeskTokenStillSeesNoClinicalContent) {
  Smart s(*ts_);
  const auto& sd = ts_->seeded();
  const std::string app = s.register_app(public_app(kAllScopes));
  Client desk(ts_->port());
  desk.login(sd.user_email.at("front_desk"));
  const std::string t = s.token_for(desk, app, "user/*.rs openid fhirUser")["access_token"];
  EXPECT_EQ(s.fhir(t, "/fhir/Patient/" + sd.p1).status, 200);
  EXPECT_EQ(s.fhir(t, "/fhir/Observation?patient=" + sd.p1).status, 403);
  EXPECT_EQ(s.fhir(t, "/fhir/Observation/" + sd.observation.at(sd.p1)).status, 403);
  EXPECT_EQ(s.fhir(t, "/fhir/Condition/" + sd.episode.at(sd.p1)).status, 403);
  // Another clinic's patient stays out of reach.
  EXPECT_EQ(s.fhir(t, "/fhir/Patient/" + sd.p3).status, 404);
}

TEST_F(SmartTest, IdTokenIsSignedByThePublishedKeyAndNamesTheUser) {
  Smart s(*ts_);
  const auto& sd = ts_->seeded();
  const std::string app = s.register_app(public_app(kAllScopes));
  Client physio(ts_->port());
  physio.login(sd.user_email.at("physiotherapist"));
  const json tok = s.token_for(physio, app, "openid fhirUser user/*.rs");
  ASSERT_TRUE(tok.contains("id_token"));
  Client anon(ts_->port());
  const std::string jwks = anon.get("/oauth/jwks").body;
  auto v = security::verify_jws(tok["id_token"].get<std::string>(), jwks);
  ASSERT_TRUE(v.has_value()) << v.error().to_string();
  EXPECT_EQ(v->alg, "RS256");
  const json claims = json::parse(v->payload);
  EXPECT_EQ(claims["aud"], app);
  EXPECT_EQ(claims["iss"], s.base);
  EXPECT_EQ(claims["fhirUser"], s.base + "/Practitioner/" + sd.user_id.at("physiotherapist"));
  // The key file is the owner's only.
  struct stat st {};
  ASSERT_EQ(::stat((ts_->data_dir() / "smart" / "id-token-key.json").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
}

TEST_F(SmartTest, RefreshRotatesAndReuseRevokesTheFamily) {
  Smart s(*ts_);
  const std::string app = s.register_app(public_app(kAllScopes));
  Client p(ts_->port());
  p.login(ts_->seeded().user_email.at("patient"));
  const json tok = s.token_for(p, app, "launch/patient patient/Observation.rs offline_access");
  ASSERT_TRUE(tok.contains("refresh_token"));
  const std::string r1 = tok["refresh_token"];
  auto refresh = [&](const std::string& rt) {
    return s.post_form("/oauth/token",
                       form({{"grant_type", "refresh_token"}, {"refresh_token", rt}, {"client_id", app}}));
  };
  auto second = refresh(r1);
  ASSERT_EQ(second.status, 200) << second.body;
  const json tok2 = json::parse(second.body);
  EXPECT_NE(tok2["refresh_token"], r1);
  EXPECT_EQ(tok2["scope"], tok["scope"]);
  const std::string access2 = tok2["access_token"];
  EXPECT_EQ(s.fhir(access2, "/fhir/Observation?patient=" + ts_->seeded().p1).status, 200);
  // The rotated token used again: refused, and every token of the grant is revoked.
  auto reuse = refresh(r1);
  EXPECT_EQ(reuse.status, 400);
  EXPECT_EQ(s.fhir(access2, "/fhir/Observation?patient=" + ts_->seeded().p1).status, 401);
  EXPECT_EQ(refresh(tok2["refresh_token"]).status, 400);
}

TEST_F(SmartTest, OnlineAccessEndsWithTheUsersSession) {
  Smart s(*ts_);
  // Registered without offline_access: online_access must not become a token that outlives sign-out.
  const std::string app = s.register_app(public_app("launch/patient patient/Observation.rs"));
  Client p(ts_->port());
  ASSERT_EQ(p.login(ts_->seeded().user_email.at("patient")).status, 200);
  const json tok = s.token_for(p, app, "launch/patient patient/Observation.rs online_access offline_access");
  EXPECT_FALSE(fhir_scope_has(tok["scope"], "offline_access")) << tok.dump();
  ASSERT_TRUE(tok.contains("refresh_token")) << tok.dump();
  auto refresh = [&](const std::string& rt) {
    return s.post_form("/oauth/token",
                       form({{"grant_type", "refresh_token"}, {"refresh_token", rt}, {"client_id", app}}));
  };
  // While the user is signed in the refresh works, and never lasts beyond the session.
  auto second = refresh(tok["refresh_token"].get<std::string>());
  ASSERT_EQ(second.status, 200) << second.body;
  const json tok2 = json::parse(second.body);
  const auto row = ts_->store().read([&](store::Tx& tx) {
    return store::get_smart_token(tx, security::blake2b_hex(tok2["refresh_token"].get<std::string>()));
  });
  ASSERT_TRUE(row);
  const auto session_end = ts_->store().read(
      [&](store::Tx& tx) { return tx.get_session(security::blake2b_hex(session_token(p))); });
  ASSERT_TRUE(session_end) << session_end.error().to_string();
  EXPECT_LE(row->expires_us, session_end->expires_us);
  // Sign-out: the access token stops at once and the refresh is refused.
  const std::string access2 = tok2["access_token"];
  EXPECT_EQ(s.fhir(access2, "/fhir/Observation?patient=" + ts_->seeded().p1).status, 200);
  ASSERT_EQ(p.request("POST", "/api/logout").status, 200);
  EXPECT_EQ(s.fhir(access2, "/fhir/Observation?patient=" + ts_->seeded().p1).status, 401);
  auto after = refresh(tok2["refresh_token"]);
  EXPECT_EQ(after.status, 400) << after.body;
  EXPECT_EQ(json::parse(after.body)["error"], "invalid_grant");
}

TEST_F(SmartTest, OnlineAccessRefreshIsRefusedOnceTheSessionEndedWithoutSignOut) {
  Smart s(*ts_);
  const std::string app = s.register_app(public_app("launch/patient patient/Observation.rs"));
  Client p(ts_->port());
  ASSERT_EQ(p.login(ts_->seeded().user_email.at("patient")).status, 200);
  const json tok = s.token_for(p, app, "launch/patient patient/Observation.rs online_access");
  ASSERT_TRUE(tok.contains("refresh_token")) << tok.dump();
  // The session is revoked elsewhere (an administrator, or its end): the refresh fails and takes the grant.
  ASSERT_TRUE(ts_->store().write(
      [&](store::Tx& tx) { return tx.revoke_session(security::blake2b_hex(session_token(p))); }));
  auto r = s.post_form("/oauth/token", form({{"grant_type", "refresh_token"},
                                             {"refresh_token", tok["refresh_token"].get<std::string>()},
                                             {"client_id", app}}));
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.body.find("online_access"), std::string::npos) << r.body;
  EXPECT_EQ(
      s.fhir(tok["access_token"].get<std::string>(), "/fhir/Observation?patient=" + ts_->seeded().p1).status,
      401);
}

TEST_F(SmartTest, ANarrowerRefreshIsGrantedAsAskedAndKeepsTheGrant) {
  Smart s(*ts_);
  const std::string app = s.register_app(public_app(kAllScopes));
  Client p(ts_->port());
  ASSERT_EQ(p.login(ts_->seeded().user_email.at("patient")).status, 200);
  const json tok = s.token_for(p, app, "launch/patient patient/*.rs offline_access");
  ASSERT_TRUE(tok.contains("refresh_token"));
  auto refresh = [&](const std::string& rt, const std::string& scope) {
    return s.post_form(
        "/oauth/token",
        form({{"grant_type", "refresh_token"}, {"refresh_token", rt}, {"client_id", app}, {"scope", scope}}));
  };
  // A subset by coverage (patient/Observation.rs within patient/*.rs), without offline_access.
  auto narrow = refresh(tok["refresh_token"].get<std::string>(), "patient/Observation.rs");
  ASSERT_EQ(narrow.status, 200) << narrow.body;
  const json n = json::parse(narrow.body);
  EXPECT_EQ(n["scope"], "patient/Observation.rs");
  EXPECT_EQ(
      s.fhir(n["access_token"].get<std::string>(), "/fhir/Observation?patient=" + ts_->seeded().p1).status,
      200);
  EXPECT_EQ(
      s.fhir(n["access_token"].get<std::string>(), "/fhir/Condition?patient=" + ts_->seeded().p1).status,
      403);
  // The grant is not rotated away: a new refresh token with the whole grant's scope.
  ASSERT_TRUE(n.contains("refresh_token")) << n.dump();
  auto again = s.post_form("/oauth/token", form({{"grant_type", "refresh_token"},
                                                 {"refresh_token", n["refresh_token"].get<std::string>()},
                                                 {"client_id", app}}));
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(json::parse(again.body)["scope"], tok["scope"]);
  // A scope beyond the grant is refused, not silently dropped.
  auto wider = refresh(json::parse(again.body)["refresh_token"].get<std::string>(), "patient/*.cruds");
  EXPECT_EQ(wider.status, 400) << wider.body;
  EXPECT_EQ(json::parse(wider.body)["error"], "invalid_scope");
}

TEST_F(SmartTest, LoopbackRedirectsOnlyForLiteralLoopbackHosts) {
  Client admin(ts_->port());
  ASSERT_EQ(admin.login(ts_->seeded().user_email.at("admin")).status, 200);
  auto register_with = [&](const std::string& uri) {
    json body = public_app("launch/patient patient/Observation.rs");
    body["redirect_uris"] = json::array({uri});
    return admin.request("POST", "/api/smart/apps", body.dump()).status;
  };
  for (const char* bad :
       {"http://127.0.0.1.evil.example/cb", "http://localhost@evil.example/cb",
        "http://localhost.evil.example/cb", "http://127.0.0.1@evil.example/cb",
        "http://[::1].evil.example/cb", "http://localhost:80@evil.example/cb", "https://user@app.example/cb",
        "https://app.example/cb#frag", "http://app.example/cb", "http://localhost:port/cb", "https:///cb"})
    EXPECT_EQ(register_with(bad), 400) << bad;
  for (const char* good : {"http://127.0.0.1/cb", "http://127.0.0.1:8765/cb", "http://localhost:3000/cb?x=1",
                           "http://[::1]:9000/cb", "https://app.example/cb", "https://app.example:8443/cb"})
    EXPECT_EQ(register_with(good), 201) << good;
}

TEST_F(SmartTest, EnablingADisabledAppAgainRevivesNoToken) {
  Smart s(*ts_);
  const std::string app = s.register_app(public_app(kAllScopes));
  Client p(ts_->port());
  ASSERT_EQ(p.login(ts_->seeded().user_email.at("patient")).status, 200);
  const json tok = s.token_for(p, app, "launch/patient patient/Observation.rs offline_access");
  const std::string obs = "/fhir/Observation?patient=" + ts_->seeded().p1;
  ASSERT_EQ(s.fhir(tok["access_token"].get<std::string>(), obs).status, 200);
  Client admin(ts_->port());
  ASSERT_EQ(admin.login(ts_->seeded().user_email.at("admin")).status, 200);
  ASSERT_EQ(admin.request("PATCH", "/api/smart/apps/" + app, R"({"disabled":true})").status, 200);
  EXPECT_EQ(s.fhir(tok["access_token"].get<std::string>(), obs).status, 401);
  ASSERT_EQ(admin.request("PATCH", "/api/smart/apps/" + app, R"({"disabled":false})").status, 200);
  EXPECT_EQ(s.fhir(tok["access_token"].get<std::string>(), obs).status, 401);
  auto r = s.post_form("/oauth/token", form({{"grant_type", "refresh_token"},
                                             {"refresh_token", tok["refresh_token"].get<std::string>()},
                                             {"client_id", app}}));
  EXPECT_EQ(r.status, 400) << r.body;
  // A new authorization works as before.
  EXPECT_EQ(
      s.fhir(s.token_for(p, app, "launch/patient patient/Observation.rs")["access_token"].get<std::string>(),
             obs)
          .status,
      200);
}

TEST_F(SmartTest, IntrospectionRevocationAndExpiry) {
  Smart s(*ts_);
  const auto& sd = ts_->seeded();
  const std::string app = s.register_app(public_app(kAllScopes));
  Client p(ts_->port());
  p.login(sd.user_email.at("patient"));
  const std::string t = s.token_for(p, app, "launch/patient patient/Observation.rs")["access_token"];
  Client admin(ts_->port());
  admin.login(sd.user_email.at("admin"));
  auto intro = [&](Client& c, const std::string& token) {
    return c.request("POST", "/oauth/introspect", form({{"token", token}}),
                     "application/x-www-form-urlencoded");
  };
  auto active = intro(admin, t);
  ASSERT_EQ(active.status, 200) << active.body;
  EXPECT_EQ(json::parse(active.body)["active"], true);
  EXPECT_EQ(json::parse(active.body)["scope"], "launch/patient patient/Observation.rs");
  EXPECT_EQ(json::parse(active.body)["patient"], sd.p1);
  // Nobody else: no client authentication and no session, or a physiotherapist's session.
  Client anon(ts_->port());
  EXPECT_EQ(intro(anon, t).status, 401);
  Client physio(ts_->port());
  physio.login(sd.user_email.at("physiotherapist"));
  EXPECT_EQ(intro(physio, t).status, 403);
  // Revoked by its app: inactive, refused on /fhir/.
  auto rv = s.post_form("/oauth/revoke", form({{"token", t}, {"client_id", app}}));
  EXPECT_EQ(rv.status, 200);
  EXPECT_EQ(json::parse(intro(admin, t).body)["active"], false);
  EXPECT_EQ(s.fhir(t, "/fhir/Observation?patient=" + sd.p1).status, 401);
  EXPECT_EQ(json::parse(intro(admin, "never-issued").body)["active"], false);
  // An expired token.
  const std::string expired = security::random_token();
  ASSERT_TRUE(ts_->store().write([&](store::Tx& tx) {
    return store::insert_smart_token(tx, {.hash = security::blake2b_hex(expired),
                                          .kind = "access",
                                          .client_id = app,
                                          .clinic_id = sd.clinic_a,
                                          .user_id = sd.user_id.at("patient"),
                                          .patient_id = sd.p1,
                                          .scope = "patient/*.rs",
                                          .family = "f",
                                          .created_us = server::now_us() - 7'200'000'000LL,
                                          .expires_us = server::now_us() - 1});
  }));
  EXPECT_EQ(s.fhir(expired, "/fhir/Observation?patient=" + sd.p1).status, 401);
  EXPECT_EQ(json::parse(intro(admin, expired).body)["active"], false);
  // The administrator revokes every token of the app.
  const std::string t2 = s.token_for(p, app, "launch/patient patient/Observation.rs")["access_token"];
  EXPECT_EQ(s.fhir(t2, "/fhir/Observation?patient=" + sd.p1).status, 200);
  EXPECT_EQ(admin.request("POST", "/api/smart/apps/" + app + "/revoke").status, 200);
  EXPECT_EQ(s.fhir(t2, "/fhir/Observation?patient=" + sd.p1).status, 401);
}

TEST_F(SmartTest, BearerTokensAreRefusedOnApiRoutes) {
  Smart s(*ts_);
  const std::string app = s.register_app(public_app(kAllScopes));
  Client p(ts_->port());
  p.login(ts_->seeded().user_email.at("patient"));
  const std::string t = s.token_for(p, app, "launch/patient patient/*.rs")["access_token"];
  Client anon(ts_->port());
  for (const char* path : {"/api/me", "/api/patients", "/api/smart/apps"}) {
    auto r = anon.request("GET", path, "", "application/json", false, {{"authorization", "Bearer " + t}});
    EXPECT_EQ(r.status, 401) << path;
    EXPECT_NE(r.body.find("bearer_not_accepted"), std::string::npos) << r.body;
  }
  // The web app's cookie keeps working as before.
  EXPECT_EQ(p.get("/api/me").status, 200);
}

TEST_F(SmartTest, DenyReturnsAccessDeniedToTheApp) {
  Smart s(*ts_);
  const std::string app = s.register_app(public_app(kAllScopes));
  Client p(ts_->port());
  p.login(ts_->seeded().user_email.at("patient"));
  auto a = s.authorize(app, "patient/*.rs", "v");
  const std::string request = std::string(a.header("location").value_or("")).substr(11);
  auto d = p.request("POST", "/api/smart/authorization", json{{"request", request}, {"allow", false}}.dump());
  ASSERT_EQ(d.status, 200);
  const std::string to = p.json(d)["redirect"];
  EXPECT_TRUE(to.starts_with(kRedirect));
  EXPECT_EQ(param_of(to, "error"), "access_denied");
  EXPECT_EQ(param_of(to, "state"), "st-123");
  // Another user cannot answer someone's pending request from an EHR launch; the request is gone now anyway.
  EXPECT_EQ(p.get("/api/smart/authorization?request=" + request).status, 404);
}

TEST_F(SmartTest, EhrLaunchCarriesThePatient) {
  Smart s(*ts_);
  const auto& sd = ts_->seeded();
  const std::string app = s.register_app(public_app(kAllScopes));
  Client physio(ts_->port());
  physio.login(sd.user_email.at("physiotherapist"));
  auto l =
      physio.request("POST", "/api/patients/" + sd.p2 + "/smart-launch", json{{"client_id", app}}.dump());
  ASSERT_EQ(l.status, 200) << l.body;
  const std::string url = physio.json(l)["url"];
  EXPECT_EQ(param_of(url, "iss"), s.base);
  const std::string launch = param_of(url, "launch");
  const std::string verifier = security::random_token();
  const std::string code = s.code_for(physio, app, "launch openid fhirUser patient/Observation.rs", verifier,
                                      "", {{"launch", launch}});
  auto t = s.exchange(app, code, verifier);
  ASSERT_EQ(t.status, 200) << t.body;
  EXPECT_EQ(json::parse(t.body)["patient"], sd.p2);
  // Someone else cannot use another clinician's launch.
  Client assistant(ts_->port());
  assistant.login(sd.user_email.at("assistant"));
  auto a = s.authorize(app, "launch patient/*.rs", "v", {{"launch", launch}});
  const std::string request = std::string(a.header("location").value_or("")).substr(11);
  EXPECT_EQ(assistant.get("/api/smart/authorization?request=" + request).status, 404);
  // A launch of another app is refused at the authorization endpoint.
  const std::string other = s.register_app(public_app(kAllScopes));
  auto wrong = s.authorize(other, "launch patient/*.rs", "v", {{"launch", launch}});
  EXPECT_EQ(param_of(std::string(wrong.header("location").value_or("")), "error"), "invalid_request");
}

// Backend Services: signed assertions.
struct Backend {
  std::string client_id;
  std::string key;  ///< private JWK
  std::string alg;
};

std::string assertion(const Smart& s, const Backend& b, const json& change = json::object(),
                      std::string alg = "") {
  const std::int64_t now = server::now_us() / 1'000'000;
  json claims = {{"iss", b.client_id},
                 {"sub", b.client_id},
                 {"aud", s.base.substr(0, s.base.size() - 5) + "/oauth/token"},
                 {"exp", now + 240},
                 {"jti", security::random_id()}};
  for (const auto& [k, v] : change.items()) {
    if (v.is_null())
      claims.erase(k);
    else
      claims[k] = v;
  }
  return *security::sign_jws(b.key, alg.empty() ? b.alg : alg, claims.dump());
}

net::ClientResponse backend_token(Smart& s, const std::string& signed_jwt,
                                  const std::string& scope = "system/*.rs") {
  return s.post_form(
      "/oauth/token",
      form({{"grant_type", "client_credentials"},
            {"scope", scope},
            {"client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"},
            {"client_assertion", signed_jwt}}));
}

Backend register_backend(Smart& s, const std::string& alg) {
  Backend b;
  b.alg = alg;
  b.key = alg.starts_with("ES") ? *security::generate_ec_jwk("key-" + alg)
                                : *security::generate_rsa_jwk("key-" + alg);
  json jwks = {{"keys", json::array({json::parse(*security::public_jwk(b.key))})}};
  b.client_id =
      s.register_app({{"name", "Warehouse"}, {"kind", "backend"}, {"scopes", "system/*.rs"}, {"jwks", jwks}});
  return b;
}

TEST_F(SmartTest, IssuerAndAudienceAreTheServersAddressNeverTheHostHeader) {
  Smart s(*ts_);
  const std::string origin = "http://127.0.0.1:" + std::to_string(ts_->port());
  EXPECT_EQ(s.base, origin + "/fhir");
  const std::vector<net::Header> evil = {{"host", "evil.example"}};
  Client anon(ts_->port());
  for (const char* path : {"/.well-known/smart-configuration", "/fhir/.well-known/smart-configuration"}) {
    auto r = anon.request("GET", path, "", "application/json", false, evil);
    ASSERT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.body.find("evil.example"), std::string::npos) << r.body;
    EXPECT_EQ(anon.json(r)["issuer"], origin + "/fhir");
  }
  // A backend assertion made for the attacker's host is refused even when the request names that host.
  Backend b = register_backend(s, "RS384");
  auto forged =
      s.post_form("/oauth/token",
                  form({{"grant_type", "client_credentials"},
                        {"scope", "system/*.rs"},
                        {"client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"},
                        {"client_assertion", assertion(s, b, {{"aud", "http://evil.example/oauth/token"}})}}),
                  evil);
  EXPECT_EQ(forged.status, 401) << forged.body;
  // The id_token names the server as its issuer, whatever Host the token request carried.
  const std::string app = s.register_app(public_app(kAllScopes));
  Client p(ts_->port());
  ASSERT_EQ(p.login(ts_->seeded().user_email.at("physiotherapist")).status, 200);
  const std::string verifier = security::random_token();
  const std::string code = s.code_for(p, app, "openid fhirUser user/*.rs", verifier);
  auto t = s.post_form("/oauth/token",
                       form({{"grant_type", "authorization_code"},
                             {"code", code},
                             {"redirect_uri", kRedirect},
                             {"code_verifier", verifier},
                             {"client_id", app}}),
                       evil);
  ASSERT_EQ(t.status, 200) << t.body;
  auto v =
      security::verify_jws(json::parse(t.body)["id_token"].get<std::string>(), anon.get("/oauth/jwks").body);
  ASSERT_TRUE(v.has_value()) << v.error().to_string();
  const json claims = json::parse(v->payload);
  EXPECT_EQ(claims["iss"], origin + "/fhir");
  EXPECT_EQ(claims.dump().find("evil.example"), std::string::npos) << claims.dump();
}

TEST_F(SmartTest, BackendAssertionsAreCheckedRs384AndEs384) {
  Smart s(*ts_);
  for (const char* alg : {"RS384", "ES384"}) {
    Backend b = register_backend(s, alg);
    auto ok = backend_token(s, assertion(s, b));
    ASSERT_EQ(ok.status, 200) << alg << ": " << ok.body;
    EXPECT_EQ(json::parse(ok.body)["scope"], "system/*.rs");
    EXPECT_FALSE(json::parse(ok.body).contains("refresh_token"));
    EXPECT_EQ(json::parse(ok.body)["expires_in"], 300);  // 5 minutes, as SMART Backend Services recommends
    auto refused = [&](const std::string& jwt, const std::string& why) {
      auto r = backend_token(s, jwt);
      EXPECT_EQ(r.status, 401) << alg << " " << why << ": " << r.body;
      EXPECT_EQ(json::parse(r.body)["error"], "invalid_client") << why;
      EXPECT_NE(r.body.find(why), std::string::npos) << r.body;
    };
    refused(assertion(s, b, {{"aud", "https://elsewhere.example/oauth/token"}}), "aud");
    refused(assertion(s, b, {{"exp", server::now_us() / 1'000'000 - 10}}), "expired");
    refused(assertion(s, b, {{"exp", server::now_us() / 1'000'000 + 3600}}), "5 minutes");
    refused(assertion(s, b, {{"exp", nullptr}}), "no exp");
    refused(assertion(s, b, {{"sub", "someone-else"}}), "iss and sub");
    const std::string once = assertion(s, b);
    EXPECT_EQ(backend_token(s, once).status, 200);
    refused(once, "jti was already used");
    // Signed by another key with the registered kid.
    Backend forged = b;
    forged.key = std::string(alg).starts_with("ES") ? *security::generate_ec_jwk("key-" + std::string(alg))
                                                    : *security::generate_rsa_jwk("key-" + std::string(alg));
    refused(assertion(s, forged), "signature");
    Backend unknown = b;
    unknown.key = std::string(alg).starts_with("ES") ? *security::generate_ec_jwk("another-kid")
                                                     : *security::generate_rsa_jwk("another-kid");
    refused(assertion(s, unknown), "kid");
  }
  // alg none and HS256 (the public key as an HMAC secret) are refused.
  Backend b = register_backend(s, "RS384");
  const std::int64_t now = server::now_us() / 1'000'000;
  const json claims = {{"iss", b.client_id},
                       {"sub", b.client_id},
                       {"aud", s.base.substr(0, s.base.size() - 5) + "/oauth/token"},
                       {"exp", now + 100},
                       {"jti", security::random_id()}};
  for (const char* alg : {"none", "HS256"}) {
    const std::string jwt =
        security::base64url(std::string(R"({"alg":")") + alg + R"(","kid":"key-RS384"})") + "." +
        security::base64url(claims.dump()) + "." + security::base64url("x");
    auto r = backend_token(s, jwt);
    EXPECT_EQ(r.status, 401) << alg;
    EXPECT_NE(r.body.find("not accepted"), std::string::npos) << r.body;
  }
  // A backend client asking for user scopes gets none.
  auto r = backend_token(s, assertion(s, b), "patient/*.rs user/*.rs");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(json::parse(r.body)["error"], "invalid_scope");
}

TEST_F(SmartTest, BackendClientRunsABulkExportOfItsClinic) {
  Smart s(*ts_);
  const auto& sd = ts_->seeded();
  Backend b = register_backend(s, "RS384");
  auto tr = backend_token(s, assertion(s, b));
  ASSERT_EQ(tr.status, 200) << tr.body;
  const std::string t = json::parse(tr.body)["access_token"];
  Client anon(ts_->port());
  const std::vector<net::Header> auth = {{"authorization", "Bearer " + t}};
  // Another clinic's group: 404.
  auto other = anon.request("GET", "/fhir/Group/" + sd.clinic_b + "/$export", "", "application/json", false,
                            {{"authorization", "Bearer " + t}, {"prefer", "respond-async"}});
  EXPECT_EQ(other.status, 404);
  auto kick = anon.request("GET", "/fhir/Group/" + sd.clinic_a + "/$export?_type=Patient,Observation", "",
                           "application/json", false,
                           {{"authorization", "Bearer " + t}, {"prefer", "respond-async"}});
  ASSERT_EQ(kick.status, 202) << kick.body;
  std::string loc(kick.header("content-location").value_or(""));
  loc = loc.substr(loc.find("/fhir/"));
  net::ClientResponse st;
  for (int i = 0; i < 200; ++i) {
    st = anon.request("GET", loc, "", "application/json", false, auth);
    if (st.status != 202) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_EQ(st.status, 200) << st.body;
  const json manifest = json::parse(st.body);
  int patients = 0;
  for (const auto& o : manifest["output"]) {
    std::string url = o["url"];
    auto f = anon.request("GET", url.substr(url.find("/fhir/")), "", "application/json", false, auth);
    ASSERT_EQ(f.status, 200);
    if (o["type"] == "Patient")
      for (std::size_t at = 0; (at = f.body.find("\"resourceType\":\"Patient\"", at)) != std::string::npos;
           ++at)
        ++patients;
  }
  EXPECT_EQ(patients, 2);  // P1 and P2, not clinic B's P3
  // The same token reads no /api/ route and cannot search without a scope's type.
  EXPECT_EQ(anon.request("GET", "/api/patients", "", "application/json", false, auth).status, 401);
}

std::string public_set(const std::vector<std::string>& private_keys) {
  json keys = json::array();
  for (const auto& k : private_keys) keys.push_back(json::parse(*security::public_jwk(k)));
  return json{{"keys", keys}}.dump();
}

TEST_F(SmartTest, KeysByUrlAreReadCachedAndFollowedThroughARotation) {
  Smart s(*ts_);
  Backend b;
  b.alg = "ES384";
  b.key = *security::generate_ec_jwk("url-key-1");
  CannedHttpServer served(http_answer("200 OK", public_set({b.key}), "Cache-Control: max-age=3600\r\n"));
  b.client_id = s.register_app({{"name", "Warehouse by URL"},
                                {"kind", "backend"},
                                {"scopes", "system/*.rs"},
                                {"jwks_uri", served.url("/jwks.json")}});
  EXPECT_EQ(served.requests(), 1) << "the set is read at registration";
  EXPECT_NE(served.last_request().find("GET /jwks.json"), std::string::npos);
  auto first = backend_token(s, assertion(s, b));
  ASSERT_EQ(first.status, 200) << first.body;
  ASSERT_EQ(backend_token(s, assertion(s, b)).status, 200);
  EXPECT_EQ(served.requests(), 1) << "cached for its max-age";
  // The app rotates: it publishes a set with its new key only and signs with it.
  Backend rotated = b;
  rotated.key = *security::generate_ec_jwk("url-key-2");
  served.set_answer(http_answer("200 OK", public_set({rotated.key})));
  auto after = backend_token(s, assertion(s, rotated));
  ASSERT_EQ(after.status, 200) << after.body;
  EXPECT_EQ(served.requests(), 2) << "a kid the cached set lacks makes it read again";
  // Within a minute, another unknown kid is refused without reading the set again.
  Backend forged = b;
  forged.key = *security::generate_ec_jwk("url-key-3");
  auto refused = backend_token(s, assertion(s, forged));
  EXPECT_EQ(refused.status, 401) << refused.body;
  EXPECT_NE(refused.body.find("kid"), std::string::npos) << refused.body;
  EXPECT_EQ(served.requests(), 2);
  // The old key is no longer in the set.
  EXPECT_EQ(backend_token(s, assertion(s, b)).status, 401);
  // The app as the Apps page lists it.
  Client admin(ts_->port());
  admin.login(ts_->seeded().user_email.at("admin"));
  const json apps = admin.json(admin.get("/api/smart/apps"))["apps"];
  bool listed = false;
  for (const auto& a : apps)
    if (a["client_id"] == b.client_id) {
      listed = true;
      EXPECT_EQ(a["jwks_uri"], served.url("/jwks.json"));
      EXPECT_TRUE(a["jwks"].is_null());
    }
  EXPECT_TRUE(listed);
}

TEST_F(SmartTest, AKeySetUrlIsCheckedWhenTheAppIsRegistered) {
  Client admin(ts_->port());
  admin.login(ts_->seeded().user_email.at("admin"));
  const std::string key = *security::generate_ec_jwk("reg-key");
  CannedHttpServer served(http_answer("200 OK", public_set({key})));
  auto refused = [&](const json& change, const std::string& field, const std::string& words) {
    json body = {{"name", "Warehouse"}, {"kind", "backend"}, {"scopes", "system/*.rs"}};
    for (const auto& [k, v] : change.items()) body[k] = v;
    auto r = admin.request("POST", "/api/smart/apps", body.dump());
    EXPECT_EQ(r.status, 400) << change.dump() << ": " << r.body;
    if (r.status != 400) return;
    EXPECT_EQ(admin.json(r).value("field", ""), field) << r.body;
    EXPECT_NE(r.body.find(words), std::string::npos) << r.body;
  };
  refused({{"jwks_uri", served.url("/jwks.json")}, {"jwks", json::parse(public_set({key}))}}, "/jwks_uri",
          "not both");
  refused(json::object(), "/jwks", "jwks_uri");
  refused({{"jwks_uri", "http://keys.example.org/jwks.json"}}, "/jwks_uri", "https");
  refused({{"jwks_uri", "https://user:pw@keys.example.org/jwks.json"}}, "/jwks_uri", "user name");
  {
    int port = 0;
    {
      CannedHttpServer gone("");
      port = std::stoi(gone.url("").substr(std::string("http://127.0.0.1:").size()));
    }
    refused({{"jwks_uri", "http://127.0.0.1:" + std::to_string(port) + "/jwks.json"}}, "/jwks_uri",
            "could not be read");
  }
  CannedHttpServer secret(http_answer("200 OK", json{{"keys", {json::parse(key)}}}.dump()));
  refused({{"jwks_uri", secret.url("/jwks.json")}}, "/jwks_uri", "private");
  CannedHttpServer missing(http_answer("404 Not Found", "{}"));
  refused({{"jwks_uri", missing.url("/jwks.json")}}, "/jwks_uri", "answered 404");
  // A public app has no keys.
  json pub = public_app("launch/patient patient/*.rs");
  pub["jwks_uri"] = served.url("/jwks.json");
  auto r = admin.request("POST", "/api/smart/apps", pub.dump());
  EXPECT_EQ(r.status, 400) << r.body;
}

}  // namespace
}  // namespace physio::test
