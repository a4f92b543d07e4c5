#include "server/live/live_room.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "security/hash.hpp"

namespace physio::server::live {
namespace {

constexpr std::uint32_t kAckEvery = 15;  // frames between acknowledgements (0.5 s at 30 Hz)
constexpr double kViewerPoseHz = 12.0;   // landmarks to viewers, at most
constexpr std::uint16_t kClosePolicy = 1008;

double round3(double v) {
  return std::isfinite(v) ? std::round(v * 1000.0) / 1000.0 : 0.0;
}

}  // namespace

Result<std::shared_ptr<LiveRoom>> LiveRoom::create(clinic::LiveSession row, RoomSpec spec, RoomLimits limits,
                                                   std::string token, const std::filesystem::path& spill) {
  exercise::AnalysisOptions options;
  if (!spec.side.empty()) options.side = PHYSIO_TRY(exercise::parse_side_choice(spec.side));
  const kin::CoordSpace analysed = spec.paired ? kin::CoordSpace::kWorldMetres : spec.space;
  // Checked now (a spec the analyser refuses is refused before anything is stored); the analyser that runs
  // is made once the frames show their real rate.
  PHYSIO_TRY(exercise::LiveLandmarkAnalyser::create(*spec.exercise, options, spec.skeleton, analysed,
                                                    spec.up_axis, spec.image_width, spec.image_height,
                                                    spec.rate_hz));
  std::optional<FrameSpill> file;
  if (!spill.empty())
    file = PHYSIO_TRY(
        FrameSpill::create(spill, spill_header(session_header(row), *spec.skeleton, spec.space, spec.paired,
                                               spec.up_axis, spec.image_width, spec.image_height)));
  return std::shared_ptr<LiveRoom>(
      new LiveRoom(std::move(row), std::move(spec), limits, std::move(token), options, std::move(file)));
}

LiveRoom::LiveRoom(clinic::LiveSession row, RoomSpec spec, RoomLimits limits, std::string token,
                   exercise::AnalysisOptions options, std::optional<FrameSpill> spill)
    : row_(std::move(row)),
      spec_(std::move(spec)),
      limits_(limits),
      token_(std::move(token)),
      options_(options),
      spill_(std::move(spill)) {
  tokens_ = limits_.max_frame_rate * limits_.burst_s;
  last_refill_ = device_gone_since_ = std::chrono::steady_clock::now();
}

bool LiveRoom::token_matches(std::string_view token) const {
  return security::constant_time_equal(token, token_);
}

void LiveRoom::send_all_locked(const std::string& text) {
  if (device_) device_->send_text(text);
  for (auto& v : viewers_) v->send_text(text);
}

void LiveRoom::attach_device(std::shared_ptr<net::WsConnection> conn) {
  const std::lock_guard lock(mu_);
  if (taken_) {
    conn->close(1000, "this set has ended");
    return;
  }
  if (device_ && device_ != conn) device_->close(kClosePolicy, "replaced by a newer connection");
  device_ = std::move(conn);
  refusals_in_row_ = 0;
  device_->send_text(nlohmann::json{
      {"type", "ready"},
      {"session", row_.id},
      {"exercise", spec_.exercise->id},
      {"side", spec_.side},
      {"next_seq", next_seq_},
      {"repetitions", reps_},
      {"watchers",
       viewers_.size()}}.dump());
}

void LiveRoom::detach_device(const net::WsConnection* conn) {
  const std::lock_guard lock(mu_);
  if (device_.get() != conn) return;
  device_.reset();
  device_gone_since_ = std::chrono::steady_clock::now();
}

void LiveRoom::add_viewer(std::shared_ptr<net::WsConnection> conn) {
  const std::lock_guard lock(mu_);
  if (taken_) {
    conn->close(1000, "this set has ended");
    return;
  }
  conn->send_text(nlohmann::json{
      {"type", "watching"},
      {"session", row_.id},
      {"exercise", spec_.exercise->id},
      {"side", spec_.side},
      {"repetitions", reps_},
      {"events",
       events_}}.dump());
  viewers_.push_back(std::move(conn));
  if (device_) device_->send_text(nlohmann::json{{"type", "watchers"}, {"count", viewers_.size()}}.dump());
}

void LiveRoom::remove_viewer(const net::WsConnection* conn) {
  const std::lock_guard lock(mu_);
  const auto before = viewers_.size();
  std::erase_if(viewers_, [&](const auto& v) { return v.get() == conn; });
  if (device_ && viewers_.size() != before)
    device_->send_text(nlohmann::json{{"type", "watchers"}, {"count", viewers_.size()}}.dump());
}

void LiveRoom::refuse_locked(std::string reason, std::optional<std::uint32_t> seq) {
  if (!device_) return;
  nlohmann::json j = {{"type", "refused"}, {"reason", reason}, {"next_seq", next_seq_}};
  if (seq) j["seq"] = *seq;
  device_->send_text(j.dump());
  if (++refusals_in_row_ > limits_.max_refusals_in_row)
    device_->close(kClosePolicy,
                   fmt::format("{} frames refused in a row; last: {}", refusals_in_row_, reason));
}

void LiveRoom::emit_locked(std::vector<exercise::LiveEvent>& events, std::uint32_t seq) {
  for (const auto& e : events) {
    nlohmann::json j = event_json(e, seq);
    if (e.kind == exercise::LiveEvent::Kind::kRepDone) {
      // A repetition the engine does not count (rep.not_counted) is shown with its reason, not counted.
      if (e.rep.partial) {
        ++partial_;
      } else if (e.rep.not_counted.empty()) {
        ++reps_;
      }
      j["repetitions"] = reps_;
    }
    const std::string text = j.dump();
    if (e.kind != exercise::LiveEvent::Kind::kRepStarted) events_.push_back(std::move(j));
    send_all_locked(text);
  }
}

void LiveRoom::send_pose_locked(double t_s) {
  if (viewers_.empty() || (last_pose_t_s_ >= 0.0 && t_s - last_pose_t_s_ < 1.0 / kViewerPoseHz)) return;
  last_pose_t_s_ = t_s;
  // Image coordinates when the device sent them (what a viewer draws); [x, y, visibility] per landmark.
  nlohmann::json pts = nlohmann::json::array();
  for (const auto& l : frame_.landmarks) {
    if (l.missing()) {
      pts.push_back(nullptr);
      continue;
    }
    pts.push_back({round3(l.x), round3(l.y), std::isnan(l.visibility) ? 1.0 : round3(l.visibility)});
  }
  const std::string text = nlohmann::json{
      {"type", "pose"},
      {"t_s", round3(t_s)},
      {"space", kin::coord_space_name(spec_.space)},
      {"landmarks",
       std::move(pts)}}.dump();
  for (auto& v : viewers_) v->send_text(text);
}

void LiveRoom::on_frame(std::string_view bytes) {
  const std::lock_guard lock(mu_);
  if (!device_) return;
  if (taken_ || end_requested_) {
    refuse_locked("the set has ended", std::nullopt);
    return;
  }
  // Rate limit: a token bucket refilled at the sustained rate, holding `burst_s` seconds of frames.
  const auto now = std::chrono::steady_clock::now();
  const double dt = std::chrono::duration<double>(now - last_refill_).count();
  last_refill_ = now;
  const double cap = limits_.max_frame_rate * limits_.burst_s;
  tokens_ = std::min(cap, tokens_ + dt * limits_.max_frame_rate);
  if (tokens_ < 1.0) {
    device_->close(kClosePolicy,
                   fmt::format("too many frames: more than {:.0f} per second", limits_.max_frame_rate));
    return;
  }
  tokens_ -= 1.0;

  if (auto st = decode_frame(bytes, spec_.skeleton->size(), spec_.paired, frame_); !st) {
    refuse_locked(st.error().message(), std::nullopt);
    return;
  }
  const std::uint32_t seq = frame_.seq;
  if (seq < next_seq_) {  // a resend of a frame already analysed
    refusals_in_row_ = 0;
    return;
  }
  if (seq > next_seq_) {
    refuse_locked(fmt::format("frame {} arrived before frame {}: send from {}", seq, next_seq_, next_seq_),
                  seq);
    return;
  }
  if (full_) {
    refuse_locked(fmt::format("the set holds at most {} frames", limits_.max_frames), seq);
    return;
  }
  const TimeUs t = frame_.capture_time_us;
  if (n_frames_ > 0 && t <= last_time_us_) {
    refuse_locked(fmt::format("frame {}: capture time {} us is not after the previous frame's {} us", seq, t,
                              last_time_us_),
                  seq);
    return;
  }
  auto analysed = spec_.paired ? std::span<const kin::Landmark>(frame_.world)
                               : std::span<const kin::Landmark>(frame_.landmarks);
  Result<std::vector<exercise::LiveEvent>> events = std::vector<exercise::LiveEvent>{};
  // World landmarks are analysed, the image ones beside them judged (one person, the view: the batch
  // preconditions, exercise/body_checks.hpp).
  if (analyser_) {
    events = spec_.paired ? analyser_->push(t, analysed, frame_.landmarks) : analyser_->push(t, analysed);
  } else {
    pending_.emplace_back(t, std::vector<kin::Landmark>(analysed.begin(), analysed.end()));
    if (spec_.paired) pending_image_.emplace_back(frame_.landmarks.begin(), frame_.landmarks.end());
    if (pending_.size() >= 60 || t - pending_.front().first >= kUsPerSecond) events = start_analyser_locked();
  }
  if (!events) {
    refuse_locked(fmt::format("frame {}: {}", seq, events.error().message()), seq);
    return;
  }
  refusals_in_row_ = 0;
  if (n_frames_ == 0) first_time_us_ = t;
  if (spill_ && !spill_failed_) {
    if (auto st = spill_->append(bytes); !st) {
      // Without its frames the set cannot be stored: say so at once rather than at the end.
      spill_failed_ = true;
      device_->close(1011, "the server cannot keep this set's frames; start again later");
    }
  }
  ++n_frames_;
  last_time_us_ = t;
  ++next_seq_;
  if (n_frames_ >= limits_.max_frames) full_ = true;
  emit_locked(*events, seq);
  if (!events->empty() || next_seq_ % kAckEvery == 0) {
    // An acknowledged frame is in the operating system's hands: it survives this process dying.
    if (spill_ && !spill_failed_ && !spill_->flush()) {
      spill_failed_ = true;
      device_->close(1011, "the server cannot keep this set's frames; start again later");
      return;
    }
    // The text nlohmann::json{{"type", "ack"}, {"next_seq", n}}.dump() gives, without building the object.
    device_->send_text(fmt::format(R"({{"next_seq":{},"type":"ack"}})", next_seq_));
  }
  send_pose_locked(static_cast<double>(t - first_time_us_) / 1e6);
}

void LiveRoom::request_end() {
  const std::lock_guard lock(mu_);
  end_requested_ = true;
}

Status LiveRoom::report_pain(int nprs) {
  const std::lock_guard lock(mu_);
  if (taken_ || end_requested_)
    return std::unexpected(Error(ErrorCode::kInvalidArgument, "the set has ended"));
  if (nprs < 0 || nprs > 10)
    return std::unexpected(
        Error(ErrorCode::kInvalidArgument, fmt::format("pain {} is outside the 0-10 scale", nprs)));
  if (pain_reports_ >= kMaxPainReports)
    return std::unexpected(Error(ErrorCode::kInvalidArgument,
                                 fmt::format("a set takes at most {} pain reports", kMaxPainReports)));
  ++pain_reports_;
  const double t_s = n_frames_ == 0 ? 0.0 : static_cast<double>(last_time_us_ - first_time_us_) / 1e6;
  nlohmann::json j = {{"type", "pain"}, {"nprs", nprs}, {"t_s", round3(t_s)}, {"seq", next_seq_}};
  const std::string text = j.dump();
  events_.push_back(std::move(j));
  send_all_locked(text);
  return {};
}

std::optional<std::string> LiveRoom::due(std::chrono::steady_clock::time_point now,
                                         std::chrono::seconds resume_window) const {
  const std::lock_guard lock(mu_);
  if (taken_) return std::nullopt;
  if (end_requested_ || full_) return std::string("complete");
  if (!device_ && now - device_gone_since_ >= resume_window) return std::string("interrupted");
  return std::nullopt;
}

Result<std::vector<exercise::LiveEvent>> LiveRoom::start_analyser_locked() {
  std::vector<TimeUs> dt;
  for (std::size_t i = 1; i < pending_.size(); ++i) dt.push_back(pending_[i].first - pending_[i - 1].first);
  rate_hz_ = spec_.rate_hz;
  if (!dt.empty()) {
    std::nth_element(dt.begin(), dt.begin() + static_cast<std::ptrdiff_t>(dt.size() / 2), dt.end());
    const TimeUs median = dt[dt.size() / 2];
    if (median > 0) rate_hz_ = std::clamp(1e6 / static_cast<double>(median), 1.0, 1000.0);
  }
  const kin::CoordSpace analysed = spec_.paired ? kin::CoordSpace::kWorldMetres : spec_.space;
  auto a =
      exercise::LiveLandmarkAnalyser::create(*spec_.exercise, options_, spec_.skeleton, analysed,
                                             spec_.up_axis, spec_.image_width, spec_.image_height, rate_hz_);
  if (!a) return std::unexpected(std::move(a).error());
  analyser_.emplace(std::move(*a));
  std::vector<exercise::LiveEvent> out;
  for (std::size_t i = 0; i < pending_.size(); ++i) {
    const auto& [t, lms] = pending_[i];
    auto ev =
        i < pending_image_.size() ? analyser_->push(t, lms, pending_image_[i]) : analyser_->push(t, lms);
    if (!ev) return std::unexpected(std::move(ev).error());
    for (auto& e : *ev) out.push_back(std::move(e));
  }
  pending_.clear();
  pending_.shrink_to_fit();
  pending_image_.clear();
  pending_image_.shrink_to_fit();
  return out;
}

FinishedSet LiveRoom::take_set(const std::string& state) {
  const std::lock_guard lock(mu_);
  FinishedSet out;
  if (taken_) return out;
  taken_ = true;
  std::vector<exercise::LiveEvent> last;
  if (!analyser_ && pending_.size() >= 2)
    if (auto early = start_analyser_locked(); early) last = std::move(*early);
  if (analyser_) {
    for (auto& e : analyser_->finish()) last.push_back(std::move(e));
    out.verdict = analyser_->verdict();
  } else {
    out.verdict.refuse("the set ended before a second of frames arrived: nothing could be analysed");
  }
  emit_locked(last, next_seq_ == 0 ? 0 : next_seq_ - 1);
  out.row = row_;
  out.row.state = state;
  out.row.frames = static_cast<std::int64_t>(n_frames_);
  out.row.repetitions_live = reps_;
  out.partial = partial_;
  out.rate_hz = rate_hz_;
  out.events = events_;
  if (spill_) {
    out.spill = spill_->path();
    const Status flushed = spill_->flush();
    spill_.reset();
    auto read = flushed ? read_spill(out.spill) : Result<SpillContents>(std::unexpected(flushed.error()));
    if (read) {
      out.landmarks = std::move(read->landmarks);
    } else {
      out.row.frames = 0;  // nothing that can be stored; the row says so
      out.events.push_back(nlohmann::json{{"type", "error"}, {"reason", read.error().message()}});
    }
  }
  return out;
}

void LiveRoom::send_final(const nlohmann::json& message) {
  const std::lock_guard lock(mu_);
  send_all_locked(message.dump());
  if (device_) device_->close(1000, "set stored");
  for (auto& v : viewers_) v->close(1000, "set stored");
  device_.reset();
  viewers_.clear();
}

}  // namespace physio::server::live
