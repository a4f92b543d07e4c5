#include "imu/functional/chair_stand.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace physio::imu {

Result<ChairStand30s> count_chair_stands_30s(std::span<const SitToStandTransfer> transfers,
                                             double test_start_s, double window_s) {
  if (!(window_s > 0.0))
    return fail(ErrorCode::kInvalidArgument, "window must be positive, got {} s", window_s);
  if (transfers.empty()) return fail(ErrorCode::kMissingData, "no sit-to-stand transfers to count");
  ChairStand30s r;
  r.window_start_s = std::isnan(test_start_s) ? transfers.front().start_s : test_start_s;
  r.window_end_s = r.window_start_s + window_s;
  for (const auto& t : transfers) {
    if (t.start_s < r.window_start_s || t.start_s >= r.window_end_s) continue;
    if (t.end_s <= r.window_end_s) {
      ++r.stands;
    } else if (t.duration_s > 0.0 && (r.window_end_s - t.start_s) > 0.5 * t.duration_s) {
      ++r.stands;  // more than halfway up when the time ran out
    }
  }
  return r;
}

Result<FiveTimesSitToStand> time_five_times_sit_to_stand(std::span<const SitToStandTransfer> transfers) {
  if (transfers.size() < 5) {
    return fail(ErrorCode::kMissingData, "five-times sit-to-stand needs 5 transfers, {} detected",
                transfers.size());
  }
  FiveTimesSitToStand r;
  r.first_start_s = transfers[0].start_s;
  r.fifth_end_s = transfers[4].end_s;
  r.time_s = r.fifth_end_s - r.first_start_s;
  return r;
}

nlohmann::json chair_stand_30s_to_json(const ChairStand30s& r) {
  return {{"stands", r.stands}, {"window_start_s", r.window_start_s}, {"window_end_s", r.window_end_s}};
}

nlohmann::json five_times_sit_to_stand_to_json(const FiveTimesSitToStand& r) {
  return {{"time_s", r.time_s}, {"first_start_s", r.first_start_s}, {"fifth_end_s", r.fifth_end_s}};
}

}  // namespace physio::imu
