#pragma once
/// Initial contact and toe-off of each foot from the foot's horizontal position relative to the pelvis.
///
/// Contract: detect_events
///   method : Zeni et al. 2008 (Gait Posture 27:710-714), as applied to 2D video keypoints by Stenum et
///            al. 2021 (PLoS Comput Biol 17:e1008935): along the walking direction, initial contact is
///            a maximum of (heel - pelvis) (the heel furthest in front of the pelvis), toe-off a minimum of
///            (toe - pelvis) (the toe furthest behind). The pelvis is the mid-hip; positions are in leg
///            lengths so the thresholds hold at any distance from the camera.
///   limits : a maximum counts when it is in front of the pelvis (a minimum: behind), stands out by at least
///            kMinProminenceLegs from the valleys around it (a foot's excursion is 0.3-0.5 leg lengths each
///            way at ordinary speed, about half that when very slow), and is at least kMinSameFootS from a
///            higher one of the same foot (the fastest walking strides last about 0.8 s). An extremum at a
///            filled gap (walk_track.hpp) is withheld.
///   sides  : the near foot's events are taken as found. The far foot is hidden behind the near leg for
///            part of each stride and the estimator partly infers it, so each far event is kept only when
///            it falls where alternating steps put it: between two of the near foot's events of the same
///            kind at kMinPhase-kMaxPhase of that stride (a limp with a 40 % step-time asymmetry still
///            passes); a far toe-off also only after a near contact (walking has no flight phase: the last
///            contact before a foot's toe-off is the other foot's). All the far foot's events are withheld
///            when its landmarks' mean visibility is under kMinFarVisibility or when more than half of them
///            fail the check.
///   outputs: per side the events kept, the events withheld with the reason, and a confidence in words.

#include <array>
#include <cstddef>
#include <string>
#include <vector>

#include "gait/walk_track.hpp"

namespace physio::gait {

inline constexpr double kMinProminenceLegs = 0.1;
inline constexpr double kMinSameFootS = 0.6;
inline constexpr double kMinPhase = 0.3, kMaxPhase = 0.7;
inline constexpr double kMinFarVisibility = 0.5;
/// Stance, as a fraction of the stride, within which a toe-off is accepted (normal walking ~0.6; 0.85
/// leaves room for very slow and impaired gait).
inline constexpr double kMinStanceFraction = 0.4, kMaxStanceFraction = 0.85;
/// The longest stride counted (s): longer intervals between contacts mean an event was missed.
inline constexpr double kMaxStrideS = 2.5;

enum class EventKind : std::uint8_t { kInitialContact, kToeOff };
std::string_view event_kind_name(EventKind k);  ///< "initial_contact", "toe_off"

struct GaitEvent {
  std::size_t index = 0;  ///< in the WalkTrack
  std::size_t frame = 0;  ///< in the input sequence
  double t_s = 0;
};

struct WithheldEvent {
  EventKind kind = EventKind::kInitialContact;
  GaitEvent at;
  std::string reason;
};

struct SideEvents {
  LegSide side = LegSide::kLeft;
  bool near = false;
  std::string confidence;  ///< "high", "moderate" or "withheld"
  std::string confidence_reason;
  std::vector<GaitEvent> contacts;  ///< initial contacts kept, in time order
  std::vector<GaitEvent> toe_offs;  ///< toe-offs kept, in time order
  std::vector<WithheldEvent> withheld;
};

struct GaitEvents {
  std::array<SideEvents, 2> sides;  ///< by LegSide
  const SideEvents& side(LegSide s) const { return sides[static_cast<std::size_t>(s)]; }
};

GaitEvents detect_events(const WalkTrack& walk);

/// Indices of the maxima of `v` (see the limits above): local maxima over `min_value`, prominence at least
/// `min_prominence`, at least `min_distance` samples from a higher kept one. Exposed for tests.
std::vector<std::size_t> find_peaks(const std::vector<double>& v, double min_value, double min_prominence,
                                    std::size_t min_distance);

}  // namespace physio::gait
