#include "fixtures.hpp"

#include <stdexcept>

#include "measures/change.hpp"
#include "measures/library.hpp"
#include "notes/dates.hpp"

namespace physio::notes::test {
namespace {

const measures::Instrument& instrument(const char* id) {
  auto lib = measures::default_measure_library();
  if (!lib) throw std::runtime_error(lib.error().to_string());
  auto in = (*lib)->find(id);
  if (!in) throw std::runtime_error(in.error().to_string());
  return **in;
}

measures::Score total_score(const char* id, double value) {
  measures::Score s;
  s.instrument = id;
  s.scores = {{"total", value}};
  s.valid = true;
  return s;
}

/// A baseline and a current response of a one-score instrument, the current one compared with the
/// baseline as the server does (measures::compare_with_baseline).
std::pair<QuestionnaireEntry, QuestionnaireEntry> pair_of(const char* instrument_id, const char* label,
                                                          const std::string& episode,
                                                          const std::string& base_id, TimeUs base_at,
                                                          double base, const std::string& cur_id,
                                                          TimeUs cur_at, double current) {
  const measures::Instrument& in = instrument(instrument_id);
  const std::vector<measures::TimedScore> series = {
      {base_id, base_at, episode, total_score(instrument_id, base)},
      {cur_id, cur_at, episode, total_score(instrument_id, current)}};
  auto entry = [&](const std::string& id, TimeUs at, double v) {
    QuestionnaireEntry q;
    q.id = id;
    q.instrument_id = instrument_id;
    q.label = label;
    q.completed_us = at;
    q.valid = true;
    q.scores = {{"total", in.scores[0].name, in.scores[0].unit, v}};
    return q;
  };
  QuestionnaireEntry b = entry(base_id, base_at, base);
  QuestionnaireEntry c = entry(cur_id, cur_at, current);
  c.vs_baseline = measures::compare_with_baseline(in, series, 1);
  return {b, c};
}

ExerciseLogEntry log(const char* id, TimeUs at, const char* exercise, const char* source, int reps) {
  ExerciseLogEntry l;
  l.id = id;
  l.done_us = at;
  l.exercise_id = exercise;
  l.source = source;
  l.reps_done = reps;
  return l;
}

ExerciseLogEntry live(const char* id, TimeUs at, const char* exercise, int reps, double pain, double quality,
                      int cues, double rom) {
  ExerciseLogEntry l = log(id, at, exercise, "live", reps);
  l.pain_during_nprs = pain;
  l.mean_quality = quality;
  l.severe_cues = cues;
  l.rom_deg = rom;
  return l;
}

ExerciseLogEntry manual(const char* id, TimeUs at, const char* exercise, int reps,
                        std::optional<double> pain) {
  ExerciseLogEntry l = log(id, at, exercise, "manual", reps);
  l.pain_during_nprs = pain;
  return l;
}

ObservationEntry obs(const char* id, TimeUs at, const char* code, const char* display, double v,
                     const char* unit, const char* method, const char* side) {
  return ObservationEntry{id, code, display, v, unit, method, side, at};
}

}  // namespace

TimeUs utc(const char* date, int hour, int minute) {
  const auto day = parse_iso_date(date);
  if (!day) throw std::runtime_error(std::string("bad fixture date ") + date);
  return *day * kUsPerDay + (hour * 60 + minute) * 60 * kUsPerSecond;
}

VisitInput knee_oa_improving() {
  VisitInput v;
  v.patient = {"pat-maria", "Maria Costa", "1958-06-14"};
  v.episode = {"ep-knee",
               "Primary osteoarthritis, right knee",
               "M17.11",
               "right",
               "2026-09-07",
               "Walk 30 minutes on flat ground without stopping; climb one flight of stairs foot over foot"};
  v.window = {utc("2026-11-09", 10, 30), utc("2026-11-23", 10, 0)};
  // Morning pain, every other day; one answer from before the window is left out.
  v.morning_pain = {{"mp-k00", utc("2026-11-08", 7, 30), 5}, {"mp-k01", utc("2026-11-10", 7, 30), 4},
                    {"mp-k02", utc("2026-11-12", 7, 45), 4}, {"mp-k03", utc("2026-11-14", 8, 0), 3},
                    {"mp-k04", utc("2026-11-16", 7, 30), 3}, {"mp-k05", utc("2026-11-18", 7, 15), 2},
                    {"mp-k06", utc("2026-11-20", 7, 30), 3}, {"mp-k07", utc("2026-11-22", 8, 10), 2}};
  // Mini squat live three times a week, seated knee extension by hand three times a week.
  v.exercise_logs = {
      live("log-k01", utc("2026-11-10", 18, 0), "mini_squat", 30, 3, 74, 1, 88),
      manual("log-k02", utc("2026-11-11", 18, 30), "seated_knee_extension", 30, 2),
      live("log-k03", utc("2026-11-12", 18, 5), "mini_squat", 30, 3, 78, 0, 90),
      manual("log-k04", utc("2026-11-13", 19, 0), "seated_knee_extension", 30, 2),
      live("log-k05", utc("2026-11-14", 11, 0), "mini_squat", 30, 2, 80, 0, 91),
      live("log-k06", utc("2026-11-16", 18, 0), "mini_squat", 30, 2, 82, 0, 93),
      manual("log-k07", utc("2026-11-17", 18, 40), "seated_knee_extension", 30, std::nullopt),
      live("log-k08", utc("2026-11-18", 18, 10), "mini_squat", 30, 2, 85, 0, 95),
      manual("log-k09", utc("2026-11-19", 19, 15), "seated_knee_extension", 30, 1),
      live("log-k10", utc("2026-11-20", 18, 0), "mini_squat", 36, 1, 86, 0, 96),
      manual("log-k11", utc("2026-11-21", 10, 20), "seated_knee_extension", 30, 1),
  };
  v.exercise_logs[2].comment = "Knee felt stiff for the first few squats,\nthen fine.";
  v.exercise_logs[8].comment = "Stairs at work were easier this week.";
  for (auto& l : v.exercise_logs) l.exercise_name = l.exercise_id == "mini_squat" ? "mini squat" : "";
  auto [lefs0, lefs1] = pair_of("lefs", "LEFS", "ep-knee", "qr-lefs-0", utc("2026-09-07", 9, 40), 38,
                                "qr-lefs-1", utc("2026-11-20", 19, 0), 50);
  auto [tug0, tug1] = pair_of("tug", "TUG", "ep-knee", "qr-tug-0", utc("2026-09-07", 10, 0), 13.2, "qr-tug-1",
                              utc("2026-11-23", 9, 40), 11.0);
  v.questionnaires = {tug1, lefs0, lefs1, tug0};  // out of order on purpose: the draft sorts
  v.adherence = {
      "prog-knee", {{"2026-11-09", 6, 5}, {"2026-11-16", 6, 6}}, "2026-09-07", "2026-11-09", "2026-11-22"};
  v.observations = {
      obs("obs-k2", utc("2026-11-20", 18, 0), "exercise-rom-best", "best knee flexion range (mini squat)",
          96.4, "deg", "video", "right"),
      obs("obs-k1", utc("2026-11-10", 18, 0), "exercise-rom-best", "best knee flexion range (mini squat)",
          88.2, "deg", "video", "right"),
      obs("obs-k3", utc("2026-11-12", 16, 0), "gait-speed", "walking speed", 0.98, "m/s", "IMU", ""),
      obs("obs-k4", utc("2026-11-23", 9, 30), "gait-speed", "walking speed", 1.07, "m/s", "IMU", ""),
  };
  ProgramChange approved{
      "prop-k1",
      "mini squat",
      "progress",
      "approved",
      "3 x 10 to 3 x 12",
      "pain during the exercise stayed at or below 3/10 and the quality score was 80 or more "
      "in the last 2 sessions",
      "",
      utc("2026-11-17", 20, 0),
      utc("2026-11-18", 9, 0)};
  ProgramChange rejected{"prop-k0",
                         "seated knee extension",
                         "progress",
                         "rejected",
                         "",
                         "2-for-2 rule",
                         "",
                         utc("2026-11-12", 20, 0),
                         utc("2026-11-13", 8, 0)};
  ProgramChange pending{
      "prop-k2",
      "seated knee extension",
      "progress",
      "pending",
      "no load to a 1 kg ankle weight",
      "2-for-2 rule: 2 repetitions more than prescribed in the last set of 2 sessions in a row",
      "",
      utc("2026-11-21", 19, 0),
      0};
  v.program_changes = {pending, rejected, approved};
  v.next_appointment = NextAppointment{"appt-k9", utc("2026-12-07", 10, 0)};
  v.visit_in_episode = 8;
  v.plan_of_care_start = "2026-09-07";
  v.note_type = "daily_note";
  v.payer = kPayerUsMedicare;
  return v;
}

VisitInput low_back_pain_worsening() {
  VisitInput v;
  v.patient = {"pat-james", "James Okafor", "1979-02-03"};
  v.episode = {"ep-lbp",     "Low back pain, unspecified",
               "M54.50",     "",
               "2026-08-20", "Return to full shifts at the warehouse; sit through a 1-hour drive."};
  v.window = {utc("2026-11-09", 9, 0), utc("2026-11-23", 9, 0)};
  v.morning_pain = {{"mp-l01", utc("2026-11-10", 6, 30), 4}, {"mp-l02", utc("2026-11-12", 6, 40), 5},
                    {"mp-l03", utc("2026-11-15", 8, 0), 5},  {"mp-l04", utc("2026-11-17", 6, 30), 6},
                    {"mp-l05", utc("2026-11-19", 6, 35), 7}, {"mp-l06", utc("2026-11-22", 9, 0), 7}};
  v.exercise_logs = {
      manual("log-l01", utc("2026-11-11", 20, 0), "lateral_trunk_flexion", 20, 4),
      manual("log-l02", utc("2026-11-14", 17, 30), "bridge", 30, 5),
      live("log-l03", utc("2026-11-18", 19, 0), "bridge", 16, 6, 61, 3, 0),
  };
  v.exercise_logs[2].rom_deg.reset();
  v.exercise_logs[2].comment = "Pain shoots into the left buttock when I lift my hips.";
  auto [odi0, odi1] = pair_of("odi", "ODI", "ep-lbp", "qr-odi-0", utc("2026-08-20", 14, 0), 34, "qr-odi-1",
                              utc("2026-11-21", 12, 0), 44);
  v.questionnaires = {odi0, odi1};
  v.adherence = {
      "prog-lbp", {{"2026-11-09", 14, 2}, {"2026-11-16", 14, 1}}, "2026-08-20", "2026-11-09", "2026-11-22"};
  v.observations = {
      obs("obs-l1", utc("2026-11-11", 15, 0), "gait-speed", "walking speed", 1.12, "m/s", "IMU", ""),
      obs("obs-l2", utc("2026-11-21", 15, 0), "gait-speed", "walking speed", 0.98, "m/s", "IMU", ""),
  };
  v.program_changes = {{"prop-l1", "bridge", "regress", "pending", "3 x 10 to 2 x 8",
                        "pain during the exercise reached 6/10, above the acceptable 5/10: reduce the load",
                        "", utc("2026-11-18", 20, 0), 0}};
  v.visit_in_episode = 14;
  v.visits_since_progress_report = 11;
  v.plan_of_care_start = "2026-08-20";
  v.note_type = "daily_note";
  v.payer = kPayerUsMedicare;
  return v;
}

VisitInput no_data() {
  VisitInput v;
  v.patient = {"pat-lena", "Lena Fischer", ""};
  v.episode = {"ep-shoulder", "Right shoulder pain", "M25.511", "right", "", ""};
  v.window = {utc("2026-11-16", 14, 0), utc("2026-11-23", 14, 0)};
  return v;
}

}  // namespace physio::notes::test
