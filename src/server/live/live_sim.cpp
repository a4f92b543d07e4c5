#include "server/live/live_sim.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include <fmt/format.h>

#include "server/live/live_protocol.hpp"
#include "server/net/http_client.hpp"
#include "server/net/ws_player.hpp"

namespace physio::server {
namespace {

using Clock = std::chrono::steady_clock;

struct Account {
  std::string cookie, csrf, patient_id;
};

std::string error_text(const net::ClientResponse& r) {
  auto j = nlohmann::json::parse(r.body, nullptr, false);
  if (j.is_object() && j.contains("message")) return j["message"].get<std::string>();
  return r.body.substr(0, 200);
}

Result<Account> sign_in(const LiveSimOptions& o) {
  const nlohmann::json body = {{"email", o.email}, {"password", o.password}};
  auto r = PHYSIO_TRY(net::http_request(o.host, o.port, "POST", "/api/login",
                                        {{"content-type", "application/json"}}, body.dump()));
  if (r.status != 200)
    return fail(ErrorCode::kInvalidArgument, "signing in as {}: {}", o.email, error_text(r));
  Account a;
  for (const auto& h : r.headers)
    if (h.name == "set-cookie") a.cookie = h.value.substr(0, h.value.find(';'));
  const auto j = nlohmann::json::parse(r.body, nullptr, false);
  a.csrf = j.value("csrf_token", "");
  const auto& user = j["user"];
  a.patient_id = o.patient_id;
  if (a.patient_id.empty()) {
    if (!user.contains("patient_id") || !user["patient_id"].is_string())
      return fail(ErrorCode::kInvalidArgument,
                  "{} is a staff login: name the patient with --patient (or sign in as the patient)",
                  o.email);
    a.patient_id = user["patient_id"].get<std::string>();
  }
  return a;
}

std::string_view space_name(const kin::LandmarkFile& f) {
  if (f.world) return "image+world";
  switch (f.landmarks.space()) {
    case kin::CoordSpace::kWorldMetres:
      return "world";
    case kin::CoordSpace::kImagePixels:
      return "pixels";
    case kin::CoordSpace::kImageNormalized:
      return "image";
  }
  return "image";
}

std::string_view axis_text(kin::Axis a) {
  switch (a) {
    case kin::Axis::kX:
      return "x";
    case kin::Axis::kY:
      return "y";
    case kin::Axis::kZ:
      return "z";
    case kin::Axis::kNegX:
      return "-x";
    case kin::Axis::kNegY:
      return "-y";
    case kin::Axis::kNegZ:
      return "-z";
  }
  return "y";
}

struct Created {
  std::string id, token, device_url;
};

Result<Created> create_session(const LiveSimOptions& o, const Account& a, const kin::LandmarkFile& f,
                               double rate_hz) {
  const kin::LandmarkSequence& seq = f.landmarks;
  nlohmann::json body = {{"exercise", o.exercise}, {"space", space_name(f)}, {"rate_hz", rate_hz}};
  if (!o.side.empty()) body["side"] = o.side;
  if (!o.program_id.empty()) body["program_id"] = o.program_id;
  const auto& sk = seq.skeleton();
  if (kin::find_skeleton(sk.name)) {
    body["skeleton"] = sk.name;
  } else {
    std::string names;
    for (std::size_t i = 0; i < sk.size(); ++i) names += (i ? "," : "") + sk.landmarks[i];
    body["skeleton"] = "markers";
    body["landmark_names"] = names;
  }
  const kin::Axis up = f.world ? f.world->up_axis : seq.up_axis;
  body["up_axis"] = axis_text(up);
  if (seq.image_width > 0 && seq.image_height > 0) {
    body["image_width"] = seq.image_width;
    body["image_height"] = seq.image_height;
  }
  auto r = PHYSIO_TRY(net::http_request(
      o.host, o.port, "POST", "/api/patients/" + a.patient_id + "/live-sessions",
      {{"content-type", "application/json"}, {"cookie", a.cookie}, {"x-csrf-token", a.csrf}}, body.dump()));
  if (r.status != 201) return fail(ErrorCode::kInvalidArgument, "starting a live session: {}", error_text(r));
  const auto j = nlohmann::json::parse(r.body);
  return Created{j["id"], j["token"], j["device_url"]};
}

/// The frames to send: [frame] (send offset, capture time, image landmarks, world landmarks).
struct Plan {
  std::vector<std::int64_t> at_us, t_us;
  std::vector<std::size_t> source;  ///< frame of the file
};

Plan plan_frames(const kin::LandmarkSequence& seq, double rate_hz, double seconds) {
  Plan p;
  const std::size_t n = seq.n_frames();
  if (n == 0) return p;
  const auto times = seq.times();
  const std::int64_t dt_us = rate_hz > 0 ? static_cast<std::int64_t>(1e6 / rate_hz) : 0;
  const std::int64_t span_us =
      dt_us > 0 ? dt_us * static_cast<std::int64_t>(n)
                : (times[n - 1] - times[0]) +
                      (n > 1 ? (times[n - 1] - times[0]) / static_cast<std::int64_t>(n - 1) : 33'333);
  const std::int64_t limit_us = seconds > 0 ? static_cast<std::int64_t>(seconds * 1e6) : span_us;
  for (std::int64_t loop = 0;; ++loop) {
    for (std::size_t k = 0; k < n; ++k) {
      const std::int64_t rel = dt_us > 0 ? dt_us * static_cast<std::int64_t>(k) : times[k] - times[0];
      const std::int64_t at = loop * span_us + rel;
      if (at >= limit_us) return p;
      p.at_us.push_back(at);
      p.t_us.push_back(times[0] + at);
      p.source.push_back(k);
    }
    if (seconds <= 0) return p;
  }
}

double percentile(std::vector<double> v, double q) {
  if (v.empty()) return 0.0;
  std::sort(v.begin(), v.end());
  const double pos = q * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(pos);
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (v[hi] - v[lo]) * (pos - static_cast<double>(lo));
}

double round2(double v) {
  return std::round(v * 100.0) / 100.0;
}

}  // namespace

Status parse_server_url(std::string_view url, std::string& host, std::uint16_t& port) {
  std::string_view u = url;
  if (u.starts_with("https://"))
    return fail(ErrorCode::kInvalidArgument,
                "--url {}: https is served by the proxy in front; give the "
                "server's own http://HOST:PORT",
                url);
  if (u.starts_with("http://")) u.remove_prefix(7);
  u = u.substr(0, u.find('/'));
  const auto colon = u.rfind(':');
  if (u.empty() || colon == std::string_view::npos || colon + 1 >= u.size())
    return fail(ErrorCode::kInvalidArgument, "--url {}: expected http://HOST:PORT", url);
  host = std::string(u.substr(0, colon));
  int p = 0;
  for (char c : u.substr(colon + 1)) {
    if (c < '0' || c > '9' || p > 65535)
      return fail(ErrorCode::kInvalidArgument, "--url {}: the port must be a number", url);
    p = p * 10 + (c - '0');
  }
  if (p < 1 || p > 65535) return fail(ErrorCode::kInvalidArgument, "--url {}: port out of range", url);
  port = static_cast<std::uint16_t>(p);
  return ok();
}

Result<nlohmann::json> run_live_sim(const LiveSimOptions& o, const std::vector<kin::LandmarkFile>& files) {
  if (files.empty()) return fail(ErrorCode::kInvalidArgument, "--landmarks: no file to play");
  const Account account = PHYSIO_TRY(sign_in(o));
  const double speed = o.speed > 0 ? o.speed : 1.0;
  std::vector<Created> created;
  std::vector<std::string> source_of;  // [session] file name
  std::vector<std::size_t> frames_of;  // [session] frames planned
  std::vector<net::WsScript> scripts;
  double rate = 0.0;
  for (const auto& file : files) {
    const kin::LandmarkSequence& seq = file.landmarks;
    if (seq.n_frames() < 2)
      return fail(ErrorCode::kMissingData, "{}: fewer than two frames to play", seq.source);
    if (file.world && file.world->n_frames() != seq.n_frames())
      return fail(ErrorCode::kCorrupt, "{}: world and image landmarks differ in frame count", seq.source);
    rate = o.rate_hz > 0 ? o.rate_hz : (seq.rate_hz() > 0 ? seq.rate_hz() : 30.0);
    const Plan plan = plan_frames(seq, o.rate_hz, o.seconds);
    // The same bytes for every session of this file (seq numbers and times are per session but equal).
    std::vector<std::shared_ptr<const std::string>> frames(plan.at_us.size());
    for (std::size_t i = 0; i < frames.size(); ++i) {
      const std::size_t k = plan.source[i];
      frames[i] = std::make_shared<const std::string>(
          live::encode_frame(static_cast<std::uint32_t>(i), plan.t_us[i], seq.frame(k),
                             file.world ? file.world->frame(k) : std::span<const kin::Landmark>{}));
    }
    auto send_at = [&](std::int64_t at_us) {
      return std::chrono::microseconds(static_cast<std::int64_t>(static_cast<double>(at_us) / speed));
    };
    for (int s = 0; s < o.sessions; ++s) {
      created.push_back(PHYSIO_TRY(create_session(o, account, file, rate)));
      source_of.push_back(seq.source);
      frames_of.push_back(frames.size());
      net::WsScript sc;
      sc.target = created.back().device_url;
      sc.headers = {{"cookie", account.cookie}};
      const std::size_t n_total = files.size() * static_cast<std::size_t>(o.sessions);
      const std::size_t index = scripts.size();
      sc.start = std::chrono::microseconds(
          n_total > 1 ? static_cast<std::int64_t>(o.stagger_s * 1e6 * static_cast<double>(index) /
                                                  static_cast<double>(n_total))
                      : 0);
      const std::string hello = nlohmann::json{{"type", "hello"}, {"token", created.back().token}}.dump();
      sc.messages.push_back(
          {std::chrono::microseconds(0), std::make_shared<const std::string>(hello), false});
      for (std::size_t i = 0; i < frames.size(); ++i)
        sc.messages.push_back({std::chrono::microseconds(20'000) + send_at(plan.at_us[i]), frames[i], true});
      sc.messages.push_back({std::chrono::microseconds(60'000) + send_at(plan.at_us.back()),
                             std::make_shared<const std::string>(R"({"type":"end"})"), false});
      sc.linger = std::chrono::milliseconds(30'000);
      scripts.push_back(std::move(sc));
    }
  }
  const auto results = net::play_websockets(o.host, o.port, scripts, o.threads);

  nlohmann::json sessions = nlohmann::json::array();
  std::vector<double> latency_ms;
  const bool trace = std::getenv("PHYSIO_LIVE_SIM_TRACE") != nullptr;  // per-message latencies on stderr
  std::int64_t sent_total = 0, acked_total = 0;
  for (std::size_t s = 0; s < results.size(); ++s) {
    const auto& r = results[s];
    nlohmann::json out = {{"id", created[s].id}, {"file", source_of[s]}};
    if (!r.error.empty()) out["error"] = r.error;
    const auto frames_sent =
        static_cast<std::int64_t>(r.sent_at.size() > 0 ? std::min(r.sent_at.size() - 1, frames_of[s]) : 0);
    std::int64_t acked = 0, reps_live = 0, partial_live = 0, refused = 0;
    nlohmann::json cues_live = nlohmann::json::array(), set = nullptr;
    const auto end_sent =
        r.sent_at.size() == scripts[s].messages.size() ? r.sent_at.back() : Clock::time_point::max();
    auto sent_time = [&](std::int64_t seq_no) -> std::optional<Clock::time_point> {
      const auto idx = static_cast<std::size_t>(seq_no) + 1;  // message 0 is the hello
      if (seq_no < 0 || idx >= r.sent_at.size()) return std::nullopt;
      return r.sent_at[idx];
    };
    for (const auto& m : r.received) {
      auto j = nlohmann::json::parse(m.data, nullptr, false);
      if (!j.is_object()) continue;
      const std::string type = j.value("type", "");
      std::optional<std::int64_t> about;
      if (type == "ack") {
        acked = std::max<std::int64_t>(acked, j.value("next_seq", 0));
        about = j.value("next_seq", 0) - 1;
      } else if (type == "rep" || type == "cue" || type == "rep_started") {
        about = j.value("seq", -1);
        if (type == "rep") (j.value("partial", false) ? partial_live : reps_live)++;
        if (type == "cue")
          cues_live.push_back({{"id", j["id"]}, {"text", j["text"]}, {"t_s", j["t_s"]}, {"rep", j["rep"]}});
      } else if (type == "set_complete") {
        set = j;
        acked = std::max<std::int64_t>(acked, j.value("frames", 0));
      } else if (type == "refused") {
        ++refused;
      }
      // Events after the end of the set come from the end message (the analyser's last word), not a frame.
      if (about && type != "set_complete" && m.at < end_sent) {
        if (auto t = sent_time(*about)) {
          latency_ms.push_back(std::chrono::duration<double, std::milli>(m.at - *t).count());
          if (trace)
            std::fprintf(stderr, "trace %s seq %lld latency %.3f ms\n", type.c_str(),
                         static_cast<long long>(*about), latency_ms.back());
        }
      }
    }
    out["repetitions_live"] = reps_live;
    out["partial_live"] = partial_live;
    out["cues_live"] = cues_live;
    out["frames_sent"] = frames_sent;
    out["frames_acknowledged"] = acked;
    out["refused"] = refused;
    out["set_complete"] = !set.is_null();
    if (r.close_code) out["close"] = {{"code", *r.close_code}, {"reason", r.close_reason}};
    out["repetitions"] = reps_live;
    out["cues"] = cues_live;
    out["valid"] = !set.is_null() && refused == 0;
    sent_total += frames_sent;
    acked_total += acked;
    sessions.push_back(std::move(out));
  }

  // The stored whole-set analysis: the session's record (what the clinician sees afterwards).
  if (o.wait_for_stored) {
    const auto deadline =
        Clock::now() + std::chrono::milliseconds(static_cast<std::int64_t>(o.stored_timeout_s * 1000));
    for (auto& out : sessions) {
      nlohmann::json stored = nullptr;
      while (Clock::now() < deadline) {
        auto r =
            net::http_request(o.host, o.port, "GET", "/api/live-sessions/" + out["id"].get<std::string>(),
                              {{"cookie", account.cookie}});
        if (!r) return std::unexpected(std::move(r).error());
        if (r->status != 200)
          return fail(ErrorCode::kIo, "reading live session {}: {}", out["id"].get<std::string>(),
                      error_text(*r));
        auto j = nlohmann::json::parse(r->body, nullptr, false);
        const auto& st = j["stored"];
        if (j.value("state", "") != "open" &&
            (st.is_null() || st.value("state", "") == "done" || st.value("state", "") == "failed")) {
          stored = st;
          break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
      }
      if (stored.is_null()) {
        out["valid"] = false;
        out["reasons"] = {"no stored analysis (no frames, or it did not finish in time)"};
        continue;
      }
      out["valid"] = stored.value("valid", false);
      if (stored.contains("reason")) out["reasons"] = {stored["reason"]};
      if (!stored["repetitions"].is_null()) out["repetitions"] = stored["repetitions"];
      nlohmann::json cues = nlohmann::json::array();
      const auto& rec = stored["recording"];
      if (rec.contains("result") && rec["result"].contains("cues"))
        for (const auto& c : rec["result"]["cues"])
          cues.push_back({{"id", c.value("rule", "")},
                          {"text", c.value("text", "")},
                          {"t_s", c.value("t_s", 0.0)},
                          {"rep", c.value("rep", 0)}});
      out["cues"] = cues;
      out["difference"] =
          out["repetitions"].get<std::int64_t>() - out["repetitions_live"].get<std::int64_t>();
    }
  }
  return nlohmann::json{
      {"sessions", sessions},
      {"latency_ms",
       {{"p50", round2(percentile(latency_ms, 0.50))},
        {"p99", round2(percentile(latency_ms, 0.99))},
        {"max", round2(latency_ms.empty() ? 0.0 : *std::max_element(latency_ms.begin(), latency_ms.end()))},
        {"samples", latency_ms.size()}}},
      {"frames_sent", sent_total},
      {"frames_acknowledged", acked_total},
      {"rate_hz", rate}};
}

}  // namespace physio::server
