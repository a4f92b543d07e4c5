#include "server/http/settings.hpp"

#include <cctype>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <iterator>

namespace physio::server {
namespace {

Result<std::int64_t> parse_int(const std::string& name, const std::string& v, std::int64_t lo,
                               std::int64_t hi) {
  std::int64_t out = 0;
  const auto* end = v.data() + v.size();
  auto [p, ec] = std::from_chars(v.data(), end, out);
  if (ec != std::errc() || p != end)
    return fail(ErrorCode::kInvalidArgument, "{} '{}': expected a whole number", name, v);
  if (out < lo || out > hi)
    return fail(ErrorCode::kInvalidArgument, "{} {}: must be between {} and {}", name, v, lo, hi);
  return out;
}

Result<bool> parse_bool(const std::string& name, const std::string& v) {
  if (v == "true" || v == "1" || v == "yes" || v == "on") return true;
  if (v == "false" || v == "0" || v == "no" || v == "off") return false;
  return fail(ErrorCode::kInvalidArgument, "{} '{}': expected true or false", name, v);
}

template <typename T>
SettingDef integer(std::string name, std::string desc, T Settings::*member, std::int64_t lo,
                   std::int64_t hi) {
  return {name, "integer", std::move(desc), [member](const Settings& s) { return std::to_string(s.*member); },
          [member, name, lo, hi](Settings& s, const std::string& v) -> Status {
            s.*member = static_cast<T>(PHYSIO_TRY(parse_int(name, v, lo, hi)));
            return ok();
          }};
}

SettingDef boolean(std::string name, std::string desc, bool Settings::*member) {
  return {name, "boolean", std::move(desc),
          [member](const Settings& s) { return std::string(s.*member ? "true" : "false"); },
          [member, name](Settings& s, const std::string& v) -> Status {
            s.*member = PHYSIO_TRY(parse_bool(name, v));
            return ok();
          }};
}

SettingDef text(std::string name, std::string desc, std::string Settings::*member,
                std::vector<std::string> allowed = {}) {
  return {name, "string", std::move(desc), [member](const Settings& s) { return s.*member; },
          [member, name, allowed](Settings& s, const std::string& v) -> Status {
            if (!allowed.empty()) {
              bool found = false;
              std::string list;
              for (const auto& a : allowed) {
                found |= a == v;
                list += (list.empty() ? "" : ", ") + a;
              }
              if (!found)
                return fail(ErrorCode::kInvalidArgument, "{} '{}': expected one of {}", name, v, list);
            }
            s.*member = v;
            return ok();
          }};
}

SettingDef path(std::string name, std::string desc, std::filesystem::path Settings::*member) {
  return {name, "path", std::move(desc), [member](const Settings& s) { return (s.*member).string(); },
          [member](Settings& s, const std::string& v) -> Status {
            s.*member = v;
            return ok();
          }};
}

std::string trim(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  std::size_t i = 0;
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  return s.substr(i);
}

}  // namespace

const std::vector<SettingDef>& setting_defs() {
  static const std::vector<SettingDef> defs = {
      path("data", "Data directory: the SQLite database, uploaded recordings and reports",
           &Settings::data_dir),
      text("listen", "Address and port to serve on, HOST:PORT (port 0 picks a free one)", &Settings::listen),
      text("postgres",
           "PostgreSQL connection URL (postgresql://...); empty keeps the store in SQLite under --data",
           &Settings::postgres_url),
      integer("postgres-pool", "Connections this server keeps to PostgreSQL", &Settings::postgres_pool, 1,
              200),
      integer("sqlite-readers", "Read-only SQLite connections (writes go through one connection)",
              &Settings::sqlite_readers, 1, 64),
      integer("io-threads", "Threads running the sockets", &Settings::io_threads, 1, 64),
      integer("worker-threads", "Threads running request handlers (database work)", &Settings::worker_threads,
              1, 256),
      integer("job-workers", "Threads analysing uploaded recordings (0: this server runs no jobs)",
              &Settings::job_workers, 0, 64),
      integer("max-json-bytes", "Largest JSON request body", &Settings::max_json_bytes, 1024, 16LL << 20),
      integer("max-upload-bytes", "Largest uploaded recording", &Settings::max_upload_bytes, 1024,
              64LL << 30),
      integer("session-idle-minutes", "A session not used for this long ends",
              &Settings::session_idle_minutes, 1, 24 * 60),
      integer("session-max-hours", "A session ends this long after login, used or not",
              &Settings::session_max_hours, 1, 24 * 30),
      integer("ws-session-check-seconds",
              "How often the sessions of open WebSockets are checked; a socket of a session ended on another "
              "server (or expired) closes within this",
              &Settings::ws_session_check_seconds, 1, 3600),
      integer("login-max-failures",
              "Wrong passwords or codes in a row for one e-mail from one client address before it is locked "
              "there",
              &Settings::login_max_failures, 1, 100),
      integer("login-lockout-minutes",
              "How long an e-mail stays locked for the address its failures came from",
              &Settings::login_lockout_minutes, 1, 24 * 60),
      boolean("secure-cookies",
              "Mark the session cookie Secure (browsers then send it over HTTPS only); turn off only for a "
              "plain-HTTP server on 127.0.0.1",
              &Settings::secure_cookies),
      boolean(
          "trust-forwarded-for",
          "Take the client address from X-Forwarded-For when the peer is on loopback (behind a local proxy)",
          &Settings::trust_forwarded_for),
      integer("request-timeout-seconds", "A request handler running longer is answered 503",
              &Settings::request_timeout_seconds, 1, 3600),
      path("models", "Folder with the BlazePose models (empty: the engine's default search)",
           &Settings::models_dir),
      path("web", "Folder with the web pages (empty: found next to the program or in the source tree)",
           &Settings::web_dir),
      integer("job-lease-seconds",
              "A running analysis not heard from for this long is taken over by another worker",
              &Settings::job_lease_seconds, 10, 24 * 3600),
      integer("job-max-attempts", "Tries before an analysis is marked failed", &Settings::job_max_attempts, 1,
              20),
      text("log-format", "Log lines as text or json", &Settings::log_format, {"text", "json"}),
      integer("live-max-frame-rate",
              "Landmark frames per second a live session may send, sustained (a resend after a reconnect may "
              "burst above it for a few seconds); faster senders are disconnected",
              &Settings::live_max_frame_rate, 10, 1000),
      integer("live-resume-seconds",
              "A live session whose device disconnected waits this long for it to reconnect; then what was "
              "received is analysed and stored as an interrupted set",
              &Settings::live_resume_seconds, 5, 3600),
      integer("live-max-set-minutes", "Longest live set; the set ends and is stored when it is reached",
              &Settings::live_max_set_minutes, 1, 240),
      text("smtp-host",
           "SMTP server for e-mails: reminders, appointment notices, invitations and password-reset links "
           "(plain SMTP, no TLS or login: a relay on this host or a trusted network); empty turns e-mail off",
           &Settings::smtp_host),
      integer("smtp-port", "Port of the SMTP server", &Settings::smtp_port, 1, 65535),
      text("smtp-from", "Sender address of reminder e-mails", &Settings::smtp_from),
      integer("questionnaire-link-days",
              "A single-use questionnaire link works for this many days unless its creator chooses fewer",
              &Settings::questionnaire_link_days, 1, 90),
      integer("questionnaire-send-hour",
              "Scheduled questionnaires are sent from this hour of the due day, in the patient's time zone "
              "(docs/server/questionnaire-schedules.md)",
              &Settings::questionnaire_send_hour, 0, 23),
      integer("invite-link-hours",
              "An invitation's set-password link (a patient invited from the record, staff from the Staff "
              "page) works once, for this many hours",
              &Settings::invite_link_hours, 1, 24 * 30),
      integer("reset-link-minutes", "A forgotten-password link works once, for this many minutes",
              &Settings::reset_link_minutes, 5, 24 * 60),
      text("public-url",
           "The address people and apps open the server at (https://clinic.example.org): every link in "
           "every e-mail and answer, the FHIR base URL and the SMART issuer start with it, never with a "
           "request's Host header; empty: http:// and the listen address",
           &Settings::public_url),
      text("hl7-listen",
           "HOST:PORT to accept HL7 v2 messages over MLLP (ADT^A01/A04/A05/A08/A28/A31, "
           "SIU^S12/S13/S14/S15/S17/S26; "
           "docs/server/hl7.md); "
           "empty turns it off. Plain TCP: keep it on a trusted network or behind a TLS tunnel",
           &Settings::hl7_listen),
      text("hl7-clinic", "Id of the clinic the HL7 messages are for (required with hl7-listen)",
           &Settings::hl7_clinic),
      text("hl7-mrn-authority",
           "Assigning authority (PID-3.4) of the clinic's record number in HL7 messages: the one read from "
           "inbound PID-3 (empty: the first identifier of type MR), and the one written with it in the "
           "messages sent to the EHR (empty: written without)",
           &Settings::hl7_mrn_authority),
      text("hl7-time-zone", "IANA time zone of HL7 times sent without an offset", &Settings::hl7_time_zone),
      text("hl7-send",
           "HOST:PORT of the EHR's HL7 receiver (MLLP): signed notes go there as MDM^T02, retried until "
           "acknowledged (docs/server/notes.md); empty: they wait in the outbox",
           &Settings::hl7_send),
      text("hl7-receiving-application",
           "MSH-5 (receiving application) of the HL7 messages sent to the EHR (ORU^R01 results, MDM^T02/T06 "
           "notes), as its interface engine expects it, set as each message is sent (^ separates HD "
           "components); empty: left as queued",
           &Settings::hl7_receiving_application),
      text("hl7-receiving-facility",
           "MSH-6 (receiving facility) of the HL7 messages sent to the EHR, set as each message is sent; "
           "empty: "
           "left as queued",
           &Settings::hl7_receiving_facility),
      text("hl7-ack-version",
           "HL7 version of an ACK when the sender's MSH-12 is not one of 2.3 to 2.8.2 (a message in one of "
           "those is answered in its own version)",
           &Settings::hl7_ack_version,
           std::vector<std::string>(std::begin(hl7::kAckVersions), std::end(hl7::kAckVersions))),
      path("speech-models",
           "Folder of the adapted speech model (scripts/build-speech-models.sh; empty: $PHYSIO_SPEECH_MODELS "
           "or "
           "the build's speech-models folder)",
           &Settings::speech_models_dir),
      integer("speech-workers",
              "Visit recordings and dictations recognised at a time on this server (0: none)",
              &Settings::speech_workers, 0, 16),
      integer("speech-threads", "Decoders one recognition runs in parallel", &Settings::speech_threads, 1,
              16),
      integer("max-audio-minutes", "Longest visit recording or dictation accepted",
              &Settings::max_audio_minutes, 1, 240),
      integer("audio-retention-days",
              "Days a visit recording or dictation is kept at most; signing the note deletes it sooner",
              &Settings::audio_retention_days, 1, 90),
      integer("transcript-retention-days",
              "Days a transcript of a signed note is kept (0: as long as the clinical record)",
              &Settings::transcript_retention_days, 0, 36500),
      integer("smart-access-token-minutes",
              "Lifetime of a SMART on FHIR access token of a user's app (a backend service's: 5 minutes; "
              "docs/server/smart.md)",
              &Settings::smart_access_token_minutes, 1, 24 * 60),
      integer(
          "smart-refresh-token-days",
          "Lifetime of a SMART on FHIR refresh token (granted with offline_access, or with online_access and "
          "then never past the user's session; rotated on every use)",
          &Settings::smart_refresh_token_days, 1, 365),
      path("smart-signing-key",
           "The private RSA key (a JWK file, mode 0600) that signs id_tokens (empty: "
           "<data>/smart/id-token-key.json, made at first start)",
           &Settings::smart_signing_key),
      path("smart-jwks-ca-file",
           "Certificates (PEM) trusted for the https key-set URLs (jwks_uri) SMART apps register, beside the "
           "system's trust store: a clinic's own certificate authority (empty: the system's only)",
           &Settings::smart_jwks_ca_file),
      integer("retention-years",
              "Years a patient's clinical record is kept after their last care (recording, measure, visit, "
              "session, note); an erasure request inside this period is refused and the record can be "
              "restricted instead (docs/server/privacy.md). Set it to the longest rule that applies to the "
              "clinic; 0: no retention period",
              &Settings::retention_years, 0, 100),
      boolean("risk-refresh",
              "Run the predictions job (docs/server/risk.md): nightly, and once at start when it has not run "
              "today: trains each clinic's no-show model when due, scores the coming bookings, applies the "
              "drop-out and fall rules, and writes the drift figures",
              &Settings::risk_refresh),
      integer("risk-hour", "UTC hour at which the nightly predictions job runs", &Settings::risk_hour, 0, 23),
      integer(
          "risk-silent-days",
          "A newly trained model's flags are computed but not shown for this many days (its silent period)",
          &Settings::risk_silent_days, 0, 365),
      integer("risk-retrain-days",
              "A clinic's no-show model is trained again once its newest version is this old",
              &Settings::risk_retrain_days, 1, 365),
      boolean(
          "synthetic-data",
          "The clinics' data is synthetic (the demo clinic): every model trained on it is labelled synthetic "
          "on its card and page",
          &Settings::synthetic_data),
      boolean("test-clock",
              "For tests only: the server's clock is the system clock plus an offset that an administrator "
              "moves forward through POST /api/test-clock (kept in <data>/test-clock-offset across "
              "restarts), so a test can play days in minutes. Refused unless --listen is a loopback address "
              "(docs/server/operations.md)",
              &Settings::test_clock),
  };
  return defs;
}

std::string env_name(const std::string& setting) {
  std::string out = "PHYSIO_";
  for (const char c : setting)
    out.push_back(c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  return out;
}

Status apply_setting(Settings& s, const std::string& name, const std::string& value) {
  for (const auto& d : setting_defs())
    if (d.name == name) return d.set(s, value);
  return fail(ErrorCode::kInvalidArgument, "unknown setting '{}'", name);
}

Status apply_config_file(Settings& s, const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) return fail(ErrorCode::kNotFound, "{}: cannot open the config file", file.string());
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    const auto hash = line.find('#');
    if (hash != std::string::npos) line.resize(hash);
    line = trim(line);
    if (line.empty()) continue;
    const auto eq = line.find('=');
    if (eq == std::string::npos)
      return fail(ErrorCode::kParse, "{}: line {}: expected 'name = value'", file.string(), n);
    auto st = apply_setting(s, trim(line.substr(0, eq)), trim(line.substr(eq + 1)));
    if (!st)
      return std::unexpected(
          std::move(st).error().with_context(fmt::format("{}: line {}", file.string(), n)));
  }
  return ok();
}

Status apply_environment(Settings& s) {
  for (const auto& d : setting_defs()) {
    const std::string var = env_name(d.name);
    if (const char* v = std::getenv(var.c_str()); v != nullptr) {
      auto st = d.set(s, v);
      if (!st) return std::unexpected(std::move(st).error().with_context("environment variable " + var));
    }
  }
  return ok();
}

std::string settings_markdown() {
  const Settings defaults;
  std::string out = "| flag | environment | type | default | what |\n| --- | --- | --- | --- | --- |\n";
  for (const auto& d : setting_defs()) {
    const std::string def = d.get(defaults);
    out += fmt::format("| `--{}` | `{}` | {} | {} | {} |\n", d.name, env_name(d.name), d.type,
                       def.empty() ? "(empty)" : "`" + def + "`", d.description);
  }
  return out;
}

hl7::OutboundSettings hl7_outbound(const Settings& s) {
  hl7::OutboundSettings o;
  o.receiving_application = s.hl7_receiving_application;
  o.receiving_facility = s.hl7_receiving_facility;
  o.mrn_authority = s.hl7_mrn_authority;
  return o;
}

}  // namespace physio::server
