#include "insight/insight.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/civil_date.hpp"
#include "insight/recovery.hpp"
#include "predict/card.hpp"
#include "predict/dropout.hpp"
#include "predict/model_json.hpp"
#include "predict/noshow.hpp"
#include "predict/pipeline.hpp"
#include "risk/drift.hpp"
#include "risk/dropout.hpp"
#include "risk/dropout_model.hpp"
#include "risk/fall.hpp"
#include "risk/lifecycle.hpp"
#include "risk/noshow_clinic.hpp"

namespace physio::insight {

namespace {

constexpr TimeUs kDayUs = 86'400 * kUsPerSecond;

std::string day_text(TimeUs t) {
  return iso_date_from_days(t >= 0 ? t / kDayUs : -((-t + kDayUs - 1) / kDayUs));
}

/// The clinic's rows a scoring reads.
struct ClinicRows {
  std::vector<clinic::Appointment> appointments;
  std::map<std::string, clinic::Patient> patients;
  std::vector<risk::ProgramActivity> programs;
  std::vector<predict::ProgramHistory>
      program_histories;                    ///< every program, active or ended (drop-out model)
  std::vector<std::string> program_titles;  ///< [program_histories]
  std::map<std::string, std::vector<clinic::Observation>> fall_observations;  ///< patients of 65 or more
  std::vector<clinic::RiskFlagRow> stored;
};

Result<ClinicRows> load_rows(store::Store& store, const std::string& clinic_id, TimeUs now, int horizon_days,
                             bool with_clinical) {
  return store.read([&](store::Tx& tx) -> Result<ClinicRows> {
    ClinicRows out;
    out.appointments = PHYSIO_TRY(tx.list_clinic_appointments(clinic_id, std::numeric_limits<TimeUs>::min(),
                                                              now + horizon_days * kDayUs));
    store::PatientQuery q;
    q.limit = 500;
    do {
      auto page = PHYSIO_TRY(tx.list_patients(clinic_id, q));
      for (auto& p : page.items) out.patients.emplace(p.id, std::move(p));
      q.cursor = page.next_cursor;
    } while (!q.cursor.empty());
    if (with_clinical) {
      std::map<std::string, std::vector<TimeUs>> missed;  // patient -> visits not attended or cancelled late
      for (const auto& a : out.appointments)
        if (a.start_us <= now &&
            (a.status == "noshow" || (a.status == "cancelled" && a.updated_us >= a.start_us - kDayUs)))
          missed[a.patient_id].push_back(a.start_us);
      for (const auto& [id, p] : out.patients) {
        // An erased record keeps an empty row: nothing to score.
        if (p.given_name.empty() && p.family_name.empty() && p.birth_date.empty()) continue;
        if (PHYSIO_TRY(tx.get_restriction(clinic_id, id))) continue;  // processing restricted (GDPR art. 18)
        const auto programs = PHYSIO_TRY(tx.list_programs(clinic_id, id));
        if (!programs.empty()) {
          const auto logs = PHYSIO_TRY(
              tx.list_exercise_logs(clinic_id, id, {}, std::numeric_limits<TimeUs>::min(), now + 1));
          // What the drop-out model reads of the patient: pain answers (morning and during exercise), missed
          // visits (not attended, or cancelled within 24 hours) and camera sessions, up to now.
          predict::ProgramHistory patient_history;
          for (const auto& a :
               PHYSIO_TRY(tx.list_morning_pain(clinic_id, id, std::numeric_limits<TimeUs>::min(), now + 1)))
            patient_history.pain.emplace_back(a.at_us, a.nprs);
          for (const auto& l : logs)
            if (l.pain_during_nprs) patient_history.pain.emplace_back(l.done_us, *l.pain_during_nprs);
          for (const auto& s : PHYSIO_TRY(tx.list_live_sessions(clinic_id, id, 100000)))
            if (s.created_us <= now) patient_history.live_sessions.push_back(s.created_us);
          if (auto m = missed.find(id); m != missed.end()) patient_history.missed_visits = m->second;
          patient_history.age_band = predict::age_band_of(risk::age_on(p.birth_date, now));
          patient_history.sex = p.sex;
          for (const auto& row : programs) {
            predict::ProgramHistory h = patient_history;
            h.program_id = row.id;
            h.patient_id = id;
            h.started_us = row.created_us;
            if (row.status != "active") h.ended_us = row.updated_us;
            for (const auto& l : logs)
              if (l.program_id == row.id) h.logs.push_back(l.done_us);
            out.program_histories.push_back(std::move(h));
            out.program_titles.push_back(row.title);
            if (row.status != "active") continue;
            risk::ProgramActivity a{row.id, id, row.title, row.created_us, std::nullopt};
            for (const auto& l : logs) a.last_log_us = std::max(a.last_log_us.value_or(0), l.done_us);
            out.programs.push_back(std::move(a));
          }
        }
        if (risk::age_on(p.birth_date, now) >= 65) {
          store::ObservationQuery oq;
          oq.from_us = now - 366 * kDayUs;
          oq.to_us = now + 1;
          auto obs = PHYSIO_TRY(tx.list_observations(clinic_id, id, oq));
          if (!obs.empty()) out.fall_observations.emplace(id, std::move(obs));
        }
      }
    }
    store::RiskFlagQuery fq;
    fq.limit = 100000;
    out.stored = PHYSIO_TRY(tx.list_risk_flags(clinic_id, fq));
    return out;
  });
}

/// The clinic's appointment history as a data set of the no-show model.
struct History {
  std::vector<predict::AppointmentEvent> events;
  predict::NoShowRows rows;
  predict::DataSet data;
};

std::string source_words(const predict::DataSet& d, bool synthetic, std::string_view what) {
  if (d.rows.empty()) return {};
  auto [lo, hi] = std::minmax_element(d.rows.begin(), d.rows.end(),
                                      [&](auto a, auto b) { return d.table.day[a] < d.table.day[b]; });
  return fmt::format("{}the clinic's own {}, {} to {}", synthetic ? "synthetic data: " : "", what,
                     iso_date_from_days(d.table.day[*lo]), iso_date_from_days(d.table.day[*hi]));
}

History history_of(const ClinicRows& rows, TimeUs now, bool synthetic) {
  History h;
  h.events = risk::appointment_events(rows.appointments, rows.patients, now);
  h.rows = predict::noshow_rows(h.events);
  h.data.table = h.rows.table;
  for (std::size_t r = 0; r < h.rows.table.rows(); ++r)
    if (predict::outcome_known(h.events[h.rows.event_index[r]])) h.data.rows.push_back(r);
  h.data.source = source_words(h.data, synthetic, "appointments");
  h.data.licence = "the clinic's own records: the model stays on the clinic's server";
  h.data.shippable = false;
  return h;
}

/// The clinic's home programs as a data set of the drop-out model.
struct ProgramData {
  predict::DropoutRows rows;
  predict::DataSet data;
};

ProgramData programs_of(const ClinicRows& rows, TimeUs now, bool synthetic) {
  ProgramData out;
  out.rows = predict::dropout_rows(rows.program_histories, now);
  out.data.table = out.rows.table;
  out.data.rows = predict::dropout_rows_with_outcome(out.rows);
  out.data.source = source_words(out.data, synthetic, "home programs (a row per program and week)");
  out.data.licence = "the clinic's own records: the model stays on the clinic's server";
  out.data.shippable = false;
  return out;
}

/// How each model's cases and events are named in a "not assessed" reason and the audit trail.
struct Nouns {
  std::string_view events, non_events, cases, event;
};
Nouns nouns_of(std::string_view model) {
  if (model == kDropoutModel)
    return {"program-weeks followed by two weeks without exercise", "program-weeks followed by exercise",
            "program-weeks", "stopped"};
  return {"missed appointments", "attended appointments", "appointments", "missed"};
}

risk::Readiness readiness_of(std::string_view model, const predict::DataSet& d) {
  const Nouns n = nouns_of(model);
  return risk::outcome_readiness(d.table, d.rows, n.events, n.non_events);
}

// One optional, set at most once: returning std::nullopt from several places trips g++ 12's false
// -Wmaybe-uninitialized on std::optional<double> once inlined.
std::optional<double> validation_auc(const predict::Model& m) {
  std::optional<double> auc;
  if (m.validation.empty()) return auc;
  const auto j = nlohmann::json::parse(m.validation, nullptr, false);
  const nlohmann::json::json_pointer at("/risk/overall/auc");
  if (!j.is_discarded() && j.contains(at) && j.at(at).is_number()) auc = j.at(at).get<double>();
  return auc;
}

Result<clinic::RiskModelRow> train_from(store::Store& store, const std::string& clinic_id,
                                        std::string_view name, const predict::DataSet& data, TimeUs now,
                                        const RefreshOptions& o) {
  const auto ready = readiness_of(name, data);
  if (!ready.ready) return fail(ErrorCode::kMissingData, "{}", ready.reason);
  const predict::ModelDef* def = PHYSIO_TRY(predict::find_model_def(name));
  // Fitted on the earlier three quarters of the history, checked on the latest quarter (by time).
  const std::int64_t split = predict::day_splitting(data, 0.75);
  std::vector<std::size_t> before, after;
  for (std::size_t r : data.rows) (data.table.day[r] < split ? before : after).push_back(r);
  predict::TrainOptions to;
  to.min_events = 50;
  auto m = PHYSIO_TRY(predict::train_model(*def, data, before, to));
  m.training.synthetic = o.synthetic_data;
  predict::EvaluationOptions eo;
  eo.bootstrap = o.bootstrap;
  eo.threshold = m.threshold;
  if (auto rep = predict::validate_model(m, data, after, eo))
    m.validation = rep->json;
  else
    m.training.notes.push_back("not checked on a later period: " + rep.error().message());
  clinic::RiskModelRow row;
  row.clinic_id = clinic_id;
  row.name = m.name;
  row.label = m.version;
  row.status = "silent";
  row.trained_us = now;
  row.silent_until_us = now + o.silent_days * kDayUs;
  row.model_json = predict::model_to_json(m).dump();
  row.card_markdown = predict::model_card_markdown(m);
  row.changed_by = o.by;
  row.changed_us = now;
  return store.write([&](store::Tx& tx) -> Result<clinic::RiskModelRow> {
    auto stored = PHYSIO_TRY(tx.insert_risk_model(row));
    PHYSIO_TRY(tx.append_audit(
        {{.time_us = now,
          .clinic_id = clinic_id,
          .actor_id = o.by == "system" ? "system:insight" : o.by,
          .role = o.by_role,
          .action = "risk_model.train",
          .record_type = "RiskModel",
          .record_id = stored.id,
          .detail = fmt::format("{} version {} trained on {} {} ({} {}); silent until {}", stored.name,
                                stored.version, m.training.rows, nouns_of(name).cases, m.training.events,
                                nouns_of(name).event, day_text(stored.silent_until_us))}}));
    return stored;
  });
}

}  // namespace

std::optional<clinic::RiskModelRow> scoring_version(const std::vector<clinic::RiskModelRow>& versions) {
  for (const auto& v : versions)
    if (v.status == "active") return v;
  for (const auto& v : versions)  // newest first
    if (v.status == "silent") return v;
  return std::nullopt;
}

bool is_clinic_model(std::string_view name) {
  return name == kNoShowModel || name == kDropoutModel;
}

Result<ModelHistory> model_history(store::Store& store, const std::string& clinic_id, std::string_view name,
                                   TimeUs now) {
  if (!is_clinic_model(name)) return fail(ErrorCode::kInvalidArgument, "{} is not a clinic model", name);
  const bool programs = name == kDropoutModel;
  auto rows = PHYSIO_TRY(load_rows(store, clinic_id, now, 0, programs));
  const predict::DataSet data =
      programs ? programs_of(rows, now, false).data : history_of(rows, now, false).data;
  const auto r = readiness_of(name, data);
  return ModelHistory{data.rows.size(), r.missed, r.needed, r.ready, r.reason};
}

Result<clinic::RiskModelRow> train_clinic_model(store::Store& store, const std::string& clinic_id,
                                                std::string_view name, TimeUs now, const RefreshOptions& o) {
  if (!is_clinic_model(name)) return fail(ErrorCode::kInvalidArgument, "{} is not a clinic model", name);
  const bool programs = name == kDropoutModel;
  auto rows = PHYSIO_TRY(load_rows(store, clinic_id, now, o.horizon_days, programs));
  if (programs)
    return train_from(store, clinic_id, name, programs_of(rows, now, o.synthetic_data).data, now, o);
  return train_from(store, clinic_id, name, history_of(rows, now, o.synthetic_data).data, now, o);
}

Result<clinic::RiskModelRow> train_noshow(store::Store& store, const std::string& clinic_id, TimeUs now,
                                          const RefreshOptions& o) {
  return train_clinic_model(store, clinic_id, kNoShowModel, now, o);
}

Result<clinic::RiskModelRow> activate_version(store::Store& store, const std::string& clinic_id,
                                              const std::string& id, const std::string& by) {
  return store.write([&](store::Tx& tx) -> Result<clinic::RiskModelRow> {
    clinic::RiskModelRow target;
    bool found = false;
    for (const auto& v : PHYSIO_TRY(tx.list_risk_models(clinic_id, ""))) {
      if (v.id == id) {
        target = v;
        found = true;
      }
    }
    if (!found) return fail(ErrorCode::kNotFound, "model version {} not found", id);
    // The active version is retired, and so are silent versions older than this one; a newer silent version
    // keeps its own silent period.
    for (const auto& v : PHYSIO_TRY(tx.list_risk_models(clinic_id, target.name)))
      if (v.id != id && (v.status == "active" || (v.status == "silent" && v.version < target.version)))
        PHYSIO_TRY(tx.set_risk_model_status(clinic_id, v.id, "retired", by, 0));
    return tx.set_risk_model_status(clinic_id, id, "active", by, 0);
  });
}

Result<CapacityReport> capacity(store::Store& store, const std::string& clinic_id, TimeUs now, int weeks) {
  weeks = std::clamp(weeks, 1, 12);
  auto versions =
      PHYSIO_TRY(store.read([&](store::Tx& tx) { return tx.list_risk_models(clinic_id, kNoShowModel); }));
  // The window reaches the end of the last week, a week past `weeks * 7` days at most.
  auto rows = PHYSIO_TRY(load_rows(store, clinic_id, now, 7 * weeks + 7, false));
  const History h = history_of(rows, now, false);
  CapacityReport out;
  std::size_t missed = 0;
  for (const auto& e : h.events) {
    if (!predict::outcome_known(e) || e.start_us < now - 90 * kDayUs) continue;
    ++out.base_outcomes;
    if (e.attendance == predict::Attendance::kNoShow) ++missed;
  }
  if (out.base_outcomes > 0)
    out.base_rate = static_cast<double>(missed) / static_cast<double>(out.base_outcomes);
  std::map<std::string, double> risk_of;
  std::optional<clinic::RiskModelRow> active;
  for (const auto& v : versions)
    if (v.status == "active") active = v;
  if (active) {
    auto m = PHYSIO_TRY(predict::parse_model(active->model_json));
    for (const auto& sc :
         risk::score_upcoming(m, active->label, h.events, h.rows, now, now + (7 * weeks + 7) * kDayUs))
      if (sc.risk) risk_of[sc.appointment_id] = *sc.risk;
    out.model = fmt::format("version {} active", active->version);
  } else {
    out.model = "no active no-show model: every booking counts at the clinic's missed share";
  }
  std::vector<risk::CapacityBooking> bookings;
  for (const auto& a : rows.appointments) {
    if (a.status != "booked" || a.start_us < now) continue;
    auto it = risk_of.find(a.id);
    bookings.push_back({a.id, a.practitioner_id, a.start_us,
                        it == risk_of.end() ? std::nullopt : std::optional<double>(it->second)});
  }
  out.cells = risk::compute_capacity(bookings, now, {.weeks = weeks, .base_rate = out.base_rate});
  return out;
}

namespace {

/// Trains model `name` when due and promotes a silent version whose period is over; the versions after.
Result<std::vector<clinic::RiskModelRow>> maintain_model(store::Store& store, const std::string& clinic_id,
                                                         std::string_view name, const predict::DataSet& data,
                                                         TimeUs now, const RefreshOptions& o,
                                                         std::vector<std::string>& notes) {
  auto list_versions = [&] {
    return store.read([&](store::Tx& tx) { return tx.list_risk_models(clinic_id, name); });
  };
  auto versions = PHYSIO_TRY(list_versions());
  const bool due = versions.empty() || now - versions.front().trained_us >= o.retrain_days * kDayUs;
  if (o.train && due) {
    auto trained = train_from(store, clinic_id, name, data, now, o);
    if (trained) {
      notes.push_back(fmt::format("{}: trained version {}", name, trained->version));
      versions = PHYSIO_TRY(list_versions());
    } else if (trained.error().code() == ErrorCode::kMissingData) {
      notes.push_back(fmt::format("{}: {}", name, trained.error().message()));
    } else {
      return std::unexpected(trained.error());
    }
  }
  // A silent version whose period is over goes live (the newest one; older silent ones are retired by it).
  for (const auto& v : versions)
    if (v.status == "silent" && v.silent_until_us <= now) {
      PHYSIO_TRY(activate_version(store, clinic_id, v.id, "system"));
      notes.push_back(fmt::format("{}: version {} active after its silent period", name, v.version));
      return list_versions();
    }
  return versions;
}

std::string state_words(const std::optional<clinic::RiskModelRow>& version, const risk::Readiness& ready) {
  if (!version) return ready.reason.empty() ? "not assessed: no model trained yet" : ready.reason;
  return version->status == "active" ? fmt::format("version {} active", version->version)
                                     : fmt::format("version {} silent until {}", version->version,
                                                   day_text(version->silent_until_us));
}

/// The active model on each month of outcomes after its training period, against the last 90 days of it.
Status write_drift(store::Store& store, const std::string& clinic_id, std::string_view name,
                   const predict::Model& m, const predict::DataSet& data) {
  const auto last = days_from_iso_date(m.training.last_day).value_or(0);
  std::vector<std::size_t> later, reference;
  for (std::size_t r : data.rows) {
    if (data.table.day[r] > last)
      later.push_back(r);
    else if (data.table.day[r] > last - 90)
      reference.push_back(r);
  }
  const auto months = risk::drift_by_month(m, data.table, later, reference, validation_auc(m));
  return store.write([&](store::Tx& tx) -> Status {
    for (const auto& d : months)
      PHYSIO_TRY(tx.put_risk_drift({.clinic_id = clinic_id,
                                    .model = std::string(name),
                                    .month = d.month,
                                    .figures = risk::month_drift_json(d),
                                    .alert = !d.alerts.empty()}));
    return ok();
  });
}

}  // namespace

Result<RefreshSummary> refresh_clinic(store::Store& store, const std::string& clinic_id, TimeUs now,
                                      const RefreshOptions& o) {
  RefreshSummary s;
  s.clinic_id = clinic_id;
  auto rows = PHYSIO_TRY(load_rows(store, clinic_id, now, o.horizon_days, true));
  History h = history_of(rows, now, o.synthetic_data);
  ProgramData pd = programs_of(rows, now, o.synthetic_data);
  const auto noshow_versions =
      PHYSIO_TRY(maintain_model(store, clinic_id, kNoShowModel, h.data, now, o, s.notes));
  const auto dropout_versions =
      PHYSIO_TRY(maintain_model(store, clinic_id, kDropoutModel, pd.data, now, o, s.notes));

  // Every flag this pass raises, by kind and subject.
  std::map<std::pair<std::string, std::string>, std::pair<risk::Flag, bool>> raised;  // flag, shown
  auto raise = [&](risk::Flag f, bool shown) {
    auto key = std::make_pair(f.kind, f.subject_id);  // before the flag is moved into the map
    raised.insert_or_assign(std::move(key), std::make_pair(std::move(f), shown));
  };
  const auto version = scoring_version(noshow_versions);
  s.noshow = state_words(version, readiness_of(kNoShowModel, h.data));
  if (version) {
    auto m = PHYSIO_TRY(predict::parse_model(version->model_json));
    const bool shown = version->status == "active";
    for (auto& sc :
         risk::score_upcoming(m, version->label, h.events, h.rows, now, now + o.horizon_days * kDayUs)) {
      if (sc.risk) ++s.appointments_scored;
      if (sc.flagged) raise(std::move(sc.flag), shown);
    }
    if (shown) PHYSIO_TRY(write_drift(store, clinic_id, kNoShowModel, m, h.data));
  }
  const auto dropout_version = scoring_version(dropout_versions);
  s.dropout = state_words(dropout_version, readiness_of(kDropoutModel, pd.data));
  if (dropout_version) {
    auto m = PHYSIO_TRY(predict::parse_model(dropout_version->model_json));
    const bool shown = dropout_version->status == "active";
    for (auto& sc : risk::score_programs(m, dropout_version->label, rows.program_histories, pd.rows,
                                         rows.program_titles)) {
      if (sc.risk) ++s.programs_scored;
      if (sc.flagged) raise(std::move(sc.flag), shown);
    }
    if (shown) PHYSIO_TRY(write_drift(store, clinic_id, kDropoutModel, m, pd.data));
  }
  for (const auto& p : rows.programs)
    if (auto f = risk::dropout_flag(p, now)) raise(std::move(*f), true);
  for (const auto& [pid, obs] : rows.fall_observations)
    if (auto f = risk::fall_flag(rows.patients.at(pid), obs, now)) raise(std::move(*f), true);
  for (auto& f : PHYSIO_TRY(recovery_flags(store, clinic_id, now))) raise(std::move(f), true);

  // Store: each raised flag against what is stored; stored flags not raised again are resolved.
  PHYSIO_TRY(store.write([&](store::Tx& tx) -> Status {
    std::map<std::pair<std::string, std::string>, const clinic::RiskFlagRow*> by_key;
    for (const auto& f : rows.stored) by_key[{f.kind, f.subject_id}] = &f;
    auto put = [&](const std::optional<clinic::RiskFlagRow>& stored, const risk::Flag* f,
                   bool shown) -> Status {
      auto next = risk::next_row(stored, f, shown, now);
      if (!next) return ok();
      next->clinic_id = clinic_id;
      if (stored && next->status == stored->status && next->inputs_hash == stored->inputs_hash &&
          next->shown == stored->shown && next->body == stored->body &&
          next->probability == stored->probability)
        return ok();  // nothing new
      if (next->status == "resolved") ++s.flags_resolved;
      ++s.flags_changed;
      PHYSIO_TRY(tx.put_risk_flag(*next));
      return ok();
    };
    for (const auto& [key, fs] : raised) {
      auto it = by_key.find(key);
      PHYSIO_TRY(put(it == by_key.end() ? std::nullopt : std::optional(*it->second), &fs.first, fs.second));
    }
    for (const auto& f : rows.stored)
      if (!raised.contains({f.kind, f.subject_id})) PHYSIO_TRY(put(f, nullptr, f.shown));
    store::RiskFlagQuery open;
    open.statuses = {"open"};
    open.shown_only = true;
    s.flags_open = static_cast<int>(PHYSIO_TRY(tx.list_risk_flags(clinic_id, open)).size());
    PHYSIO_TRY(
        tx.append_audit({{.time_us = now,
                          .clinic_id = clinic_id,
                          .actor_id = "system:insight",
                          .role = "system",
                          .action = "risk.refresh",
                          .record_type = "RiskAssessment",
                          .detail = fmt::format("no-show: {}; drop-out: {}; {} bookings and {} programs "
                                                "scored; {} flags written, {} resolved, {} open",
                                                s.noshow, s.dropout, s.appointments_scored, s.programs_scored,
                                                s.flags_changed, s.flags_resolved, s.flags_open)}}));
    return ok();
  }));
  return s;
}

}  // namespace physio::insight
