#pragma once
/// The clinic's predictions kept up to date (docs/server/risk.md): what the nightly job and the clinic page's
/// "train now" and "activate" do, on the store.
///
///  - `train_clinic_model`: fits one of the clinic's own models (no-show on its appointments, drop-out on its
///    home programs) once its history holds enough outcomes (risk::outcome_readiness), checked on the latest
///    quarter of that history by time, and stores it as a new version in its silent period (flags computed,
///    not shown) with its generated model card;
///  - `refresh_clinic`: promotes a version whose silent period is over (the one before is retired), trains
///    when due, scores the coming days' bookings and every active program (drop-out model), applies the
///    drop-out rule to every active program and the
///    STEADI rules to patients of 65 or more, stores the flags (a decision holds while the inputs are
///    unchanged: risk::next_row), resolves the flags no longer raised, and writes the monthly drift figures;
///  - `activate_version`: a rollback or an early go-live, by a named user.
/// A version's insert is its claim: two servers training at once cannot both store version N.

#include <string>
#include <string_view>
#include <vector>

#include "clinic/records.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "risk/capacity.hpp"
#include "store/store.hpp"

namespace physio::insight {

struct RefreshOptions {
  bool train = true;               ///< train a new version of each model when due
  int retrain_days = 7;            ///< due when the newest version is at least this old
  int silent_days = 14;            ///< a new version's silent period
  int horizon_days = 14;           ///< bookings starting within this many days are scored
  int bootstrap = 200;             ///< bootstrap resamples for the card's intervals
  bool synthetic_data = false;     ///< the clinic's data is synthetic (the demo): every card says so
  std::string by = "system";       ///< who trains or changes model status: "system" or a user id
  std::string by_role = "system";  ///< their role, for the audit trail
};

struct RefreshSummary {
  std::string clinic_id{};
  std::string noshow{};   ///< "version 3 active", "version 4 silent until 2026-12-09", or why not assessed
  std::string dropout{};  ///< the same for the drop-out model
  int programs_scored = 0;
  int appointments_scored = 0;
  int flags_open = 0;     ///< shown and open after this pass
  int flags_changed = 0;  ///< rows written
  int flags_resolved = 0;
  std::vector<std::string> notes{};
};

/// The models a clinic trains on its own data.
inline constexpr std::string_view kNoShowModel = "noshow";
inline constexpr std::string_view kDropoutModel = "dropout";
bool is_clinic_model(std::string_view name);

/// Trains and stores a new version of model `name` now; kMissingData with "not assessed: needs N more ..."
/// when the clinic's history is not enough, kInvalidArgument for a name that is not a clinic model.
Result<clinic::RiskModelRow> train_clinic_model(store::Store& store, const std::string& clinic_id,
                                                std::string_view name, TimeUs now,
                                                const RefreshOptions& options);
Result<clinic::RiskModelRow> train_noshow(store::Store& store, const std::string& clinic_id, TimeUs now,
                                          const RefreshOptions& options);

Result<RefreshSummary> refresh_clinic(store::Store& store, const std::string& clinic_id, TimeUs now,
                                      const RefreshOptions& options);

/// Makes version `id` the active one (the active one before and older silent ones are retired; a newer silent
/// one keeps its silent period); its flags are shown from the next refresh.
Result<clinic::RiskModelRow> activate_version(store::Store& store, const std::string& clinic_id,
                                              const std::string& id, const std::string& by);

/// Whether the clinic's history is enough to train a model, and what is missing.
struct ModelHistory {
  std::size_t cases = 0;   ///< with an outcome: appointments (no-show), program-weeks (drop-out)
  std::size_t events = 0;  ///< missed appointments; program-weeks followed by two weeks without exercise
  std::size_t needed = 0;  ///< of events and non-events each
  bool ready = false;
  std::string reason{};  ///< "not assessed: needs ..." when not ready
};
Result<ModelHistory> model_history(store::Store& store, const std::string& clinic_id, std::string_view name,
                                   TimeUs now);

/// The coming weeks per clinician (docs/server/risk.md, "Capacity"): the bookings with the active model's
/// risks (a silent version's are not shown, so not used), the clinic's missed share of the last 90 days of
/// outcomes for bookings the model does not assess, and what was used, in words.
struct CapacityReport {
  std::vector<risk::CapacityCell> cells{};
  std::optional<double> base_rate{};  ///< missed / (missed + attended), last 90 days; nullopt with no outcome
  std::size_t base_outcomes = 0;      ///< the outcomes behind it
  std::string model{};                ///< "version 3 active", or why the bookings carry no model risk
};
Result<CapacityReport> capacity(store::Store& store, const std::string& clinic_id, TimeUs now, int weeks);

/// The version that scores now: the active one, else the newest silent one (its flags not shown); nullopt
/// when the clinic has none.
std::optional<clinic::RiskModelRow> scoring_version(const std::vector<clinic::RiskModelRow>& versions);

}  // namespace physio::insight
