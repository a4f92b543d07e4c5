#pragma once
/// The recovery course on the store (docs/server/risk.md, "Recovery course"): the clinic's episodes as
/// courses to the goal (risk::visits_to_goal), one patient's expected remaining visits and their outcome
/// scores against the expected track (risk::recovery_track), and the off-track flags the nightly job stores.
///
///  - an episode starts when it was created; its attended visits are the patient's appointments marked
///    attended ("fulfilled", "arrived") from then to its end ("finished" or "cancelled": when it was last
///    changed) or to now;
///  - its goal is reached at the first outcome response, filed under the episode, whose primary score (the
///    instrument's first) improved from the episode's first valid response by at least the instrument's
///    published minimal important change at that baseline;
///  - the track of a patient's open episode is judged per instrument with an MIC, against the clinic's
///    other episodes of the same ICD-10 category with the same instrument.

#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"
#include "risk/flag.hpp"
#include "risk/recovery.hpp"
#include "store/store.hpp"

namespace physio::insight {

struct InstrumentTrack {
  std::string instrument_id{};  ///< "koos_jr"
  std::string instrument{};     ///< its name
  std::string score{};          ///< the score judged ("total")
  std::string unit{};
  bool higher_is_better = true;
  double mic = 0;
  std::string mic_source{};
  risk::RecoveryTrack track{};
};

struct PatientRecovery {
  std::string episode_id{};                   ///< the open episode judged; "" when the patient has none
  std::string condition{};                    ///< its ICD-10 category ("M17"), "unspecified" without a code
  std::optional<risk::GroupCourse> course{};  ///< the clinic's figures for that category
  std::optional<risk::RemainingVisits> remaining{};  ///< for this episode
  std::vector<InstrumentTrack> tracks{};
  std::string reason{};  ///< why there is nothing to show, when so
};

/// The clinic's courses for every condition (groups sorted by name).
Result<std::vector<risk::GroupCourse>> clinic_courses(store::Store& store, const std::string& clinic_id,
                                                      TimeUs now);

/// One patient's open episode (the newest "active" or "onhold" one) against the clinic's courses.
Result<PatientRecovery> patient_recovery(store::Store& store, const std::string& clinic_id,
                                         const std::string& patient_id, TimeUs now);

/// An off-track flag for every open episode whose latest two measures are below the expected track.
Result<std::vector<risk::Flag>> recovery_flags(store::Store& store, const std::string& clinic_id, TimeUs now);

}  // namespace physio::insight
