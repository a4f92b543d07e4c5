// The recovery course on the store: episodes, attended visits and outcome responses loaded per patient in one
// read, turned into the pure module's courses and tracks (risk/recovery.hpp). The rules are the header's.
#include "insight/recovery.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "measures/change.hpp"
#include "measures/library.hpp"

namespace physio::insight {
namespace {

/// One episode with what the rules need.
struct EpisodeRows {
  clinic::Episode episode;
  std::vector<TimeUs> visits_us;  ///< attended, oldest first
  /// Per instrument: the primary score of each valid response filed under the episode, oldest first.
  std::map<std::string, std::vector<risk::ScorePoint>> scores;
};

struct ClinicRecoveryRows {
  std::vector<EpisodeRows> episodes;
};

bool open_status(const std::string& s) {
  return s == "active" || s == "onhold";
}

std::optional<TimeUs> end_of(const clinic::Episode& e) {
  if (e.status == "finished" || e.status == "cancelled") return e.updated_us;
  return std::nullopt;
}

Result<ClinicRecoveryRows> load(store::Store& store, const std::string& clinic_id,
                                const measures::MeasureLibrary& library, TimeUs now) {
  // Three reads for the whole clinic (episodes, attended appointments, responses filed under an episode),
  // and a restriction check per patient with an episode.
  return store.read([&](store::Tx& tx) -> Result<ClinicRecoveryRows> {
    ClinicRecoveryRows out;
    std::map<std::string, std::vector<TimeUs>> attended;  // by patient, oldest first
    for (const auto& a :
         PHYSIO_TRY(tx.list_clinic_appointments(clinic_id, std::numeric_limits<TimeUs>::min(), now)))
      if (a.status == "fulfilled" || a.status == "arrived") attended[a.patient_id].push_back(a.start_us);
    for (auto& [pid, v] : attended) std::sort(v.begin(), v.end());
    std::map<std::string, std::vector<const clinic::QuestionnaireResponse*>> by_episode;
    const auto responses = PHYSIO_TRY(tx.list_clinic_episode_responses(clinic_id));
    for (const auto& r : responses)
      if (r.episode_id) by_episode[*r.episode_id].push_back(&r);
    std::map<std::string, bool> restricted;
    for (auto& e : PHYSIO_TRY(tx.list_clinic_episodes(clinic_id))) {
      auto [it, fresh] = restricted.emplace(e.patient_id, false);
      if (fresh) it->second = PHYSIO_TRY(tx.get_restriction(clinic_id, e.patient_id)).has_value();
      if (it->second) continue;  // processing restricted (GDPR art. 18)
      EpisodeRows rows;
      const TimeUs end = end_of(e).value_or(now);
      for (TimeUs v : attended[e.patient_id])
        if (v >= e.created_us && v <= end) rows.visits_us.push_back(v);
      for (const auto* r : by_episode[e.id]) {
        if (!r->valid || r->patient_id != e.patient_id || r->completed_us > now ||
            r->completed_us < e.created_us)
          continue;
        auto ins = library.find(r->instrument_id);
        if (!ins || (*ins)->scores.empty()) continue;
        auto sc = measures::score_from_json(r->scores_json, r->answers_json);
        if (!sc) continue;
        const auto v = sc->value((*ins)->scores.front().id);
        if (v && std::isfinite(*v)) rows.scores[r->instrument_id].push_back({r->completed_us, *v});
      }
      rows.episode = std::move(e);
      out.episodes.push_back(std::move(rows));
    }
    return out;
  });
}

/// The instrument's primary score with a published MIC at `baseline`, if it has one.
struct Mic {
  const measures::ScoreDef* score = nullptr;
  double value = 0;
};
std::optional<Mic> mic_of(const measures::Instrument& ins, double baseline) {
  if (ins.scores.empty()) return std::nullopt;
  const auto& s = ins.scores.front();
  const auto m = s.mcid.at(baseline);
  if (!m || !(*m > 0)) return std::nullopt;
  return Mic{&s, *m};
}

/// The first time the primary score improved by the MIC from the episode's baseline, over every instrument.
std::optional<TimeUs> goal_time(const EpisodeRows& e, const measures::MeasureLibrary& library) {
  std::optional<TimeUs> best;
  for (const auto& [id, points] : e.scores) {
    if (points.size() < 2) continue;
    auto ins = library.find(id);
    if (!ins) continue;
    const auto mic = mic_of(**ins, points.front().score);
    if (!mic) continue;
    const bool higher = mic->score->direction == measures::Direction::kHigherBetter;
    for (std::size_t i = 1; i < points.size(); ++i) {
      const double gain =
          higher ? points[i].score - points.front().score : points.front().score - points[i].score;
      if (gain >= mic->value) {
        if (!best || points[i].at_us < *best) best = points[i].at_us;
        break;
      }
    }
  }
  return best;
}

risk::EpisodeCourse course_of(const EpisodeRows& e, const measures::MeasureLibrary& library) {
  return risk::EpisodeCourse{.episode_id = e.episode.id,
                             .condition_code = e.episode.icd10_code,
                             .start_us = e.episode.created_us,
                             .status = e.episode.status,
                             .visits_us = e.visits_us,
                             .goal_us = goal_time(e, library),
                             .end_us = end_of(e.episode)};
}

Result<const measures::MeasureLibrary*> library() {
  return measures::default_measure_library();
}

/// The tracks of one open episode, one per instrument with an MIC.
std::vector<InstrumentTrack> tracks_of(const EpisodeRows& mine, const ClinicRecoveryRows& rows,
                                       const measures::MeasureLibrary& lib) {
  std::vector<InstrumentTrack> out;
  const std::string group = risk::condition_group(mine.episode.icd10_code);
  for (const auto& [id, points] : mine.scores) {
    auto ins = lib.find(id);
    if (!ins || points.empty()) continue;
    const auto mic = mic_of(**ins, points.front().score);
    if (!mic) continue;
    std::vector<risk::ClinicEpisodeScores> others;
    for (const auto& e : rows.episodes) {
      if (e.episode.id == mine.episode.id || risk::condition_group(e.episode.icd10_code) != group) continue;
      auto it = e.scores.find(id);
      if (it != e.scores.end() && it->second.size() >= 2) others.push_back({e.episode.id, it->second});
    }
    risk::TrackOptions o;
    o.instrument = (*ins)->name;
    o.unit = mic->score->unit;
    o.higher_is_better = mic->score->direction == measures::Direction::kHigherBetter;
    o.mic = mic->value;
    o.mic_source = mic->score->mcid.source;
    o.condition = group;
    auto track = risk::recovery_track(points, others, o);
    if (!track) continue;  // bad rows are left out of a suggestion, never guessed
    out.push_back({id, (*ins)->name, mic->score->id, o.unit, o.higher_is_better, o.mic, o.mic_source,
                   std::move(*track)});
  }
  return out;
}

}  // namespace

Result<std::vector<risk::GroupCourse>> clinic_courses(store::Store& store, const std::string& clinic_id,
                                                      TimeUs now) {
  const auto* lib = PHYSIO_TRY(library());
  const auto rows = PHYSIO_TRY(load(store, clinic_id, *lib, now));
  std::vector<risk::EpisodeCourse> courses;
  for (const auto& e : rows.episodes) courses.push_back(course_of(e, *lib));
  if (courses.empty()) return std::vector<risk::GroupCourse>{};
  return risk::visits_to_goal(courses, now);
}

Result<PatientRecovery> patient_recovery(store::Store& store, const std::string& clinic_id,
                                         const std::string& patient_id, TimeUs now) {
  const auto* lib = PHYSIO_TRY(library());
  const auto rows = PHYSIO_TRY(load(store, clinic_id, *lib, now));
  PatientRecovery out;
  const EpisodeRows* mine = nullptr;
  for (const auto& e : rows.episodes)
    if (e.episode.patient_id == patient_id && open_status(e.episode.status) &&
        (mine == nullptr || e.episode.created_us > mine->episode.created_us))
      mine = &e;
  if (mine == nullptr) {
    out.reason = "no open episode of care";
    return out;
  }
  out.episode_id = mine->episode.id;
  out.condition = risk::condition_group(mine->episode.icd10_code);
  std::vector<risk::EpisodeCourse> courses;
  for (const auto& e : rows.episodes) courses.push_back(course_of(e, *lib));
  auto groups = risk::visits_to_goal(courses, now);
  if (groups) {
    for (const auto& g : *groups)
      if (g.group == out.condition) out.course = g;
    auto remaining = risk::remaining_visits(*groups, course_of(*mine, *lib), now);
    if (remaining) out.remaining = std::move(*remaining);
  } else {
    out.reason = groups.error().message();
  }
  out.tracks = tracks_of(*mine, rows, *lib);
  return out;
}

Result<std::vector<risk::Flag>> recovery_flags(store::Store& store, const std::string& clinic_id,
                                               TimeUs now) {
  const auto* lib = PHYSIO_TRY(library());
  const auto rows = PHYSIO_TRY(load(store, clinic_id, *lib, now));
  std::vector<risk::Flag> out;
  for (const auto& e : rows.episodes) {
    if (!open_status(e.episode.status)) continue;
    // One flag per episode: every instrument off its track gives a reason.
    std::vector<InstrumentTrack> off;
    for (auto& t : tracks_of(e, rows, *lib))
      if (t.track.off_track) off.push_back(std::move(t));
    if (off.empty()) continue;
    const bool worse =
        std::any_of(off.begin(), off.end(), [](const auto& t) { return t.track.kind == "worsening"; });
    const bool band = std::any_of(off.begin(), off.end(), [](const auto& t) { return t.track.clinic_band; });
    risk::Flag f;
    f.kind = std::string(risk::kRecovery);
    f.patient_id = e.episode.patient_id;
    f.subject_type = "episode";
    f.subject_id = e.episode.id;
    f.method = "rule";
    f.model = band ? "clinic_band_two_measures" : "mic_two_measures";
    f.level = worse ? "high" : "moderate";
    f.need = worse ? 0.85 : 0.65;
    f.title = worse ? fmt::format("Recovery off track: {} worse on two measures", off.front().instrument)
                    : fmt::format("Recovery off track: {} below the expected course", off.front().instrument);
    std::vector<std::string> bases;
    for (const auto& t : off) {
      f.reasons.push_back({t.track.reason, "rule", 0.0});
      bases.push_back(t.track.clinic_band
                          ? fmt::format("the clinic's own {} episodes with the {} (25th-75th percentile of "
                                        "improvement by week)",
                                        t.track.clinic_episodes, t.instrument)
                          : fmt::format("the published minimal important change of the {} ({:g} {})",
                                        t.instrument, t.mic, t.unit));
      for (const auto& m : t.track.measures)
        f.inputs += fmt::format("{}:{}={:.4f};", t.instrument_id, m.at_us, m.score);
    }
    f.action =
        "Review the plan of care with the patient: the diagnosis, the dose of exercise and what limits "
        "progress";
    f.basis = fmt::format("two consecutive measures below {}", fmt::join(bases, "; and "));
    f.card = "rules";
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace physio::insight
