#include "server/background/transcription_loop.hpp"

#include <map>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "clinic/consents.hpp"
#include "core/wall_clock.hpp"
#include "scribe/dictation.hpp"
#include "scribe/extract.hpp"
#include "scribe/speaker_roles.hpp"
#include "scribe/speech/recognizer.hpp"
#include "scribe/speech/wav.hpp"
#include "scribe/suggest.hpp"
#include "scribe/vocabulary.hpp"
#include "store/transcripts.hpp"

namespace physio::server {

namespace {

namespace fs = std::filesystem;
namespace sp = scribe::speech;
using nlohmann::ordered_json;

constexpr TimeUs kTranscriptDayUs = 86'400LL * 1'000'000;
/// Below this mean word confidence the transcript is flagged as unsure throughout.
constexpr double kUnsureMeanConfidence = 0.5;

store::AuditEventInput system_event(const std::string& owner, const store::TranscriptRow& t,
                                    std::string action, std::string outcome = "success",
                                    std::string detail = {}) {
  store::AuditEventInput a;
  a.clinic_id = t.clinic_id;
  a.actor_id = "system:" + owner;
  a.role = "system";
  a.action = std::move(action);
  a.record_type = "transcript";
  a.record_id = t.id;
  a.patient_id = t.patient_id;
  a.outcome = std::move(outcome);
  a.detail = std::move(detail);
  return a;
}

/// Warnings a clinician should read before trusting the words.
std::vector<std::string> warnings_of(const sp::RecognizeResult& r) {
  std::vector<std::string> out = r.warnings;
  double sum = 0;
  std::size_t n = 0;
  for (const auto& s : r.transcript.segments)
    for (const auto& w : s.words)
      if (w.confidence) {
        sum += *w.confidence;
        ++n;
      }
  if (n == 0) {
    out.push_back("no speech was recognised: check the microphone, or the recording holds no speech");
  } else if (sum / static_cast<double>(n) < kUnsureMeanConfidence) {
    out.push_back(fmt::format(
        "the recogniser is unsure of most words (mean confidence {:.2f}): poor sound, another language or "
        "people talking at once; check each suggestion against the audio",
        sum / static_cast<double>(n)));
  }
  if (!r.transcript.speakers_known)
    out.push_back("one channel: the transcript does not say who spoke (two channels give the speakers)");
  return out;
}

}  // namespace

TranscriptionLoop::TranscriptionLoop(store::Store& store, TranscriptionLoopOptions options)
    : store_(store), o_(std::move(options)) {}

TranscriptionLoop::~TranscriptionLoop() {
  stop();
}

void TranscriptionLoop::start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  // A jump of the test clock (docs/server/operations.md) runs the housekeeping (audio and transcript
  // retention) at once.
  jump_listener_ = wall_clock::add_listener([this] { notify(); });
  thread_ = std::thread([this] { loop(); });
}

void TranscriptionLoop::stop() {
  if (jump_listener_ != 0) wall_clock::remove_listener(jump_listener_);
  jump_listener_ = 0;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cancel_ = true;
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  cancel_ = false;
}

void TranscriptionLoop::notify() {
  {
    std::lock_guard lock(mutex_);
    ++wakeups_;
  }
  wake_.notify_all();
}

void TranscriptionLoop::loop() {
  while (true) {
    std::uint64_t seen = 0;
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
      seen = wakeups_;
    }
    housekeeping();
    while (run_one()) {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
    }
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, o_.period, [&] { return stopping_ || wakeups_ != seen; });
    if (stopping_) return;
  }
}

int TranscriptionLoop::housekeeping() {
  const TimeUs now = wall_clock::now_us();
  int deleted = 0;
  auto remove_audio = [&](const store::TranscriptRow& t, const std::string& why) {
    std::error_code ec;
    fs::remove(o_.files_dir / t.audio_path, ec);
    if (ec) {
      spdlog::warn("transcript {}: cannot delete its audio: {}", t.id, ec.message());
      return;
    }
    auto done = store_.write([&](store::Tx& tx) -> Status {
      PHYSIO_TRY(store::mark_audio_deleted(tx, t.id, why, now));
      PHYSIO_TRY(tx.append_audit({system_event(o_.owner, t, "transcript.audio_delete", "success", why)}));
      return ok();
    });
    if (!done) spdlog::warn("transcript {}: {}", t.id, done.error().to_string());
    ++deleted;
  };
  // Due: the note was signed, or the retention days passed.
  if (auto due = store_.read([&](store::Tx& tx) { return store::due_audio(tx, now, 100); })) {
    for (const auto& t : *due)
      remove_audio(t, t.audio_deleted_why.empty() ? "deleted after the clinic's audio retention days"
                                                  : t.audio_deleted_why);
  } else {
    spdlog::warn("transcription loop: {}", due.error().to_string());
  }
  // A visit recorded with consent that was withdrawn since: the audio goes at once.
  auto held = store_.read([&](store::Tx& tx) -> Result<std::vector<store::TranscriptRow>> {
    std::vector<store::TranscriptRow> out;
    std::map<std::string, bool> given;
    for (auto& t : PHYSIO_TRY(store::visit_audio_held(tx, 500))) {
      const std::string key = t.clinic_id + "/" + t.patient_id;
      if (!given.count(key))
        given[key] = clinic::consent_given(PHYSIO_TRY(tx.list_consents(t.clinic_id, t.patient_id)),
                                           "visit_audio_recording");
      if (!given[key]) out.push_back(std::move(t));
    }
    return out;
  });
  if (held)
    for (const auto& t : *held) remove_audio(t, "deleted because the patient withdrew consent to recording");
  if (o_.transcript_retention_days > 0) {
    auto gone = store_.write([&](store::Tx& tx) {
      return store::delete_old_transcripts(tx, now - o_.transcript_retention_days * kTranscriptDayUs);
    });
    if (gone && *gone > 0) spdlog::info("transcription loop: {} transcripts past retention deleted", *gone);
  }
  return deleted;
}

bool TranscriptionLoop::run_one() {
  const TimeUs lease_us = o_.lease_seconds * 1'000'000;
  auto claimed = store_.write(
      [&](store::Tx& tx) { return store::claim_transcript(tx, o_.owner, lease_us, o_.max_attempts); });
  if (!claimed) {
    spdlog::warn("transcription loop: {}", claimed.error().to_string());
    return false;
  }
  if (!*claimed) return false;
  const store::TranscriptRow row = **claimed;
  auto fail_with = [&](const std::string& why) {
    auto r = store_.write([&](store::Tx& tx) -> Status {
      PHYSIO_TRY(store::fail_transcript(tx, row.id, o_.owner, why));
      PHYSIO_TRY(tx.append_audit(
          {system_event(o_.owner, row, "transcript.recognise", "failure", why.substr(0, 500))}));
      return ok();
    });
    if (!r) spdlog::warn("transcript {}: {}", row.id, r.error().to_string());
    return true;
  };

  // The adapted model, else the stock one with a warning, else the reason it cannot run here.
  std::vector<std::string> extra_warnings;
  auto model = sp::find_model(sp::ModelKind::kAdapted, o_.models_dir);
  if (!model) {
    auto stock = sp::find_model(sp::ModelKind::kStock);
    if (!stock)
      return fail_with("speech recognition is not set up on this server: " + stock.error().message());
    extra_warnings.push_back("recognised with the stock model (the physiotherapy model is missing: " +
                             model.error().message() + ")");
    model = std::move(stock);
  }
  auto audio = sp::load_wav(o_.files_dir / row.audio_path);
  if (!audio) return fail_with("the recording could not be read: " + audio.error().message());

  sp::RecognizeOptions ro;
  ro.model = *model;
  ro.threads = o_.threads;
  ro.cancel = &cancel_;
  TimeUs last = 0;
  bool lease_lost = false;
  ro.progress = [&](double fraction) {
    const TimeUs now = wall_clock::now_us();
    if (now - last < 1'000'000) return;
    last = now;
    auto st = store_.write(
        [&](store::Tx& tx) { return store::transcript_progress(tx, row.id, o_.owner, fraction, lease_us); });
    if (!st) lease_lost = true;  // the audio was deleted or another server took it over: stop
    if (lease_lost) cancel_ = true;
  };
  auto result = sp::recognize(*audio, ro);
  if (lease_lost) {
    cancel_ = false;
    return true;
  }
  if (!result) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return false;  // the lease runs out and another worker takes it
    }
    return fail_with("the recording could not be recognised: " + result.error().message());
  }
  auto& t = result->transcript;
  t.source = row.kind == "visit" ? "visit recording" : "dictation";
  auto warnings = warnings_of(*result);
  warnings.insert(warnings.end(), extra_warnings.begin(), extra_warnings.end());

  ordered_json facts;
  facts["model"] = model->name;
  facts["audio_s"] = result->audio_s;
  facts["elapsed_s"] = result->elapsed_s;
  facts["warnings"] = warnings;
  facts["suggestions"] = ordered_json::array();
  if (row.kind == "visit") {
    auto vocab = scribe::default_vocabulary();
    if (!vocab) return fail_with("the fact vocabularies could not be read: " + vocab.error().message());
    facts["suggestions"] = scribe::suggestions_to_json(scribe::extract_facts(t, **vocab), t);
    if (auto roles = scribe::speaker_roles_warning(t)) facts["warnings"].push_back(std::move(*roles));
  } else {
    // A dictation's utterances are suggestions of their section, numbers as numbers and uncertain words
    // marked: nothing enters the note until the physiotherapist accepts or edits it.
    facts["suggestions"] = scribe::dictation_suggestions_to_json(t, row.section);
  }
  const std::string body = scribe::transcript_to_json(t).dump();
  auto stored = store_.write([&](store::Tx& tx) -> Status {
    PHYSIO_TRY(store::finish_transcript(tx, row.id, o_.owner, body, facts.dump(), scribe::search_text(t),
                                        t.speakers_known));
    std::vector<store::AuditEventInput> events{
        system_event(o_.owner, row, "transcript.recognise", "success",
                     fmt::format("{:.0f} s of audio, {} segments", result->audio_s, t.segments.size()))};
    PHYSIO_TRY(tx.append_audit(events));
    return ok();
  });
  if (!stored) spdlog::warn("transcript {}: {}", row.id, stored.error().to_string());
  return true;
}

}  // namespace physio::server
