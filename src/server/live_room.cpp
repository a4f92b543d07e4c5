#include "server/live_room.hpp"

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
                                                   std::string token) {
  exercise::AnalysisOptions options;
  if (!spec.side.empty()) options.side = PHYSIO_TRY(exercise::parse_side_choice(spec.side));
  const kin::CoordSpace analysed = spec.paired ? kin::CoordSpace::kWorldMetres : spec.space;
  auto analyser = PHYSIO_TRY(exercise::LiveLandmarkAnalyser::create(*spec.exercise, options, spec.skeleton,
                                                                    analysed, spec.up_axis, spec.image_width,
                                                                    spec.image_height, spec.rate_hz));
  return std::shared_ptr<LiveRoom>(
      new LiveRoom(std::move(row), std::move(spec), limits, std::move(token), std::move(analyser)));
}

LiveRoom::LiveRoom(clinic::LiveSession row, RoomSpec spec, RoomLimits limits, std::string token,
                   exercise::LiveLandmarkAnalyser analyser)
    : row_(std::move(row)),
      spec_(std::move(spec)),
      limits_(limits),
      token_(std::move(token)),
      analyser_(std::move(analyser)),
      image_(spec_.skeleton, spec_.space, 0) {
  image_.image_width = spec_.image_width;
  image_.image_height = spec_.image_height;
  image_.source = "live session " + row_.id;
  if (spec_.paired) {
    world_.emplace(spec_.skeleton, kin::CoordSpace::kWorldMetres, 0);
    world_->up_axis = spec_.up_axis;
    world_->source = image_.source;
  } else {
    image_.up_axis = spec_.up_axis;
  }
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
      (e.rep.partial ? partial_ : reps_)++;
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
  if (image_.n_frames() > 0 && t <= image_.times().back()) {
    refuse_locked(fmt::format("frame {}: capture time {} us is not after the previous frame's {} us", seq, t,
                              image_.times().back()),
                  seq);
    return;
  }
  auto analysed = spec_.paired ? std::span<const kin::Landmark>(frame_.world)
                               : std::span<const kin::Landmark>(frame_.landmarks);
  auto events = analyser_.push(t, analysed);
  if (!events) {
    refuse_locked(fmt::format("frame {}: {}", seq, events.error().message()), seq);
    return;
  }
  refusals_in_row_ = 0;
  if (image_.n_frames() == 0) first_time_us_ = t;
  std::ranges::copy(frame_.landmarks, image_.add_frame(t).begin());
  if (world_) std::ranges::copy(frame_.world, world_->add_frame(t).begin());
  ++next_seq_;
  if (image_.n_frames() >= limits_.max_frames) full_ = true;
  emit_locked(*events, seq);
  if (!events->empty() || next_seq_ % kAckEvery == 0)
    device_->send_text(nlohmann::json{{"type", "ack"}, {"next_seq", next_seq_}}.dump());
  send_pose_locked(static_cast<double>(t - first_time_us_) / 1e6);
}

void LiveRoom::request_end() {
  const std::lock_guard lock(mu_);
  end_requested_ = true;
}

std::optional<std::string> LiveRoom::due(std::chrono::steady_clock::time_point now,
                                         std::chrono::seconds resume_window) const {
  const std::lock_guard lock(mu_);
  if (taken_) return std::nullopt;
  if (end_requested_ || full_) return std::string("complete");
  if (!device_ && now - device_gone_since_ >= resume_window) return std::string("interrupted");
  return std::nullopt;
}

FinishedSet LiveRoom::take_set(const std::string& state) {
  const std::lock_guard lock(mu_);
  FinishedSet out;
  if (taken_) return out;
  taken_ = true;
  auto last = analyser_.finish();
  emit_locked(last, next_seq_ == 0 ? 0 : next_seq_ - 1);
  out.row = row_;
  out.row.state = state;
  out.row.frames = static_cast<std::int64_t>(image_.n_frames());
  out.row.repetitions_live = reps_;
  out.partial = partial_;
  out.events = events_;
  out.landmarks.format = "physio-bin";
  out.landmarks.landmarks = std::move(image_);
  if (world_) out.landmarks.world = std::move(*world_);
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
