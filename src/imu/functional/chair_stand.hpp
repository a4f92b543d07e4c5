#pragma once
/// Clinical chair-stand scores from detected sit-to-stand transfers.
///
/// Contract: count_chair_stands_30s
///   inputs : transfers in time order (detect_sit_to_stand, displacement mode for clinic tasks);
///            test_start_s (the "go" signal; NaN = start of the first transfer); window_s (30 s).
///   outputs: number of stands completed in [start, start + window): a transfer counts when it starts in
///            the window and ends in it, or, as in the protocol of Jones, Rikli & Beam (Res Q Exerc Sport
///            70(2):113, 1999: "more than halfway up at 30 s counts"), when more than half of its duration
///            lies inside the window.
///   errors : kMissingData for no transfers; kInvalidArgument for a non-positive window.
///
/// Contract: time_five_times_sit_to_stand
///   inputs : transfers in time order.
///   outputs: seconds from the start of the first transfer to the end of the fifth (the fifth stand).
///            The clinical protocols time from "go" (seated) and stop at the fifth stand (Bohannon 2006)
///            or at the return to sitting (Whitney et al. 2005); this sensor-based time excludes the
///            reaction before the first rise and the final sit, so it is shorter than a stopwatch time
///            by roughly 0.3-1 s plus one stand-to-sit when the stopwatch protocol ends seated.
///   errors : kMissingData for fewer than 5 transfers.

#include <cmath>
#include <limits>
#include <span>

#include <nlohmann/json_fwd.hpp>

#include "core/error.hpp"
#include "imu/functional/sit_to_stand.hpp"

namespace physio::imu {

struct ChairStand30s {
  int stands = 0;
  double window_start_s = 0.0;
  double window_end_s = 0.0;
};

Result<ChairStand30s> count_chair_stands_30s(std::span<const SitToStandTransfer> transfers,
                                             double test_start_s = std::numeric_limits<double>::quiet_NaN(),
                                             double window_s = 30.0);

struct FiveTimesSitToStand {
  double time_s = 0.0;  ///< end of the 5th transfer - start of the 1st, s
  double first_start_s = 0.0;
  double fifth_end_s = 0.0;
};

Result<FiveTimesSitToStand> time_five_times_sit_to_stand(std::span<const SitToStandTransfer> transfers);

nlohmann::json chair_stand_30s_to_json(const ChairStand30s& r);
nlohmann::json five_times_sit_to_stand_to_json(const FiveTimesSitToStand& r);

}  // namespace physio::imu
