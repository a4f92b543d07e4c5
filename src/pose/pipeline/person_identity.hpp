#pragma once
/// Person identity through a video: is the person found in a frame the one followed so far?
///
/// Stage contract
///   input:   PersonStates: a person's hip centre and body size in pixels at a time, from the detector's
///            keypoints 0 (hip centre) and 1 (full-body circle) or the landmark model's auxiliary
///            landmarks 33 and 34 (the same two points; the ROI is built from them).
///   rule:    a candidate is the same person as a reference state when, over the time between them, the
///            hip centre moved at most `jump_sizes + speed_sizes_per_s * dt` body sizes (the reference's
///            size) and the size changed by at most a factor `scale_ratio + scale_ratio_per_s * dt`.
///            The body size (twice the radius of the circle MediaPipe puts round the whole body) is about
///            1.2 body heights: a person walks about 0.7 of it per second; two people side by side are half
///            of it or more apart.
///   output:  IdentityVerdict; choose_detection: the detection to follow (the one nearest to the reference
///            among those that pass, or by the first-choice rule without a reference; -1 for none).
///            PeopleTracker: the people sighted in every frame (a detection whose region the landmark
///            model confirms) grouped into people (ids from 1 in order of first appearance) for a
///            listing and for following one of them.
///   cost:    a few multiplications and one square root per comparison (no allocation).
///   errors:  none (pure arithmetic).

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "pose/pipeline/detection.hpp"
#include "pose/pipeline/geometry.hpp"
#include "pose/pipeline/landmark_decoding.hpp"

namespace physio::pose {

/// Where a person is in one frame. // pixels of the upright image
struct PersonState {
  float x_px = 0.0f;  ///< hip centre
  float y_px = 0.0f;
  float size_px =
      0.0f;  ///< twice the distance hip centre -> full-body circle point (about the body's height)
  TimeUs t_us = 0;
};

/// The state from two alignment points in normalised image coordinates (detector keypoints 0 and 1, or
/// auxiliary landmarks 33 and 34).
PersonState person_state(Point2f centre, Point2f scale_point, int image_width, int image_height, TimeUs t_us);
/// The state of a detection (keypoints 0 and 1); size 0 when it has fewer than 2 keypoints.
PersonState person_state(const Detection& detection, int image_width, int image_height, TimeUs t_us);

struct IdentityLimits {
  float jump_sizes = 0.3f;         ///< displacement allowed between frames, in body sizes
  float speed_sizes_per_s = 1.0f;  ///< and this much more per second between them
  float scale_ratio = 1.3f;        ///< size change allowed between frames (factor)
  float scale_ratio_per_s = 0.5f;  ///< and this much more per second
  float reacquire_s = 1.0f;        ///< found again after a longer absence: probably, not surely, the same
};

struct IdentityVerdict {
  bool same = false;
  float distance_sizes = 0.0f;  ///< hip displacement in reference body sizes
  float scale_ratio = 1.0f;     ///< larger size / smaller size (>= 1)
};

/// Compares a candidate with the reference state (the followed person when last confirmed).
IdentityVerdict compare_person(const PersonState& reference, const PersonState& candidate,
                               const IdentityLimits& limits = {});

/// Whom to follow when nobody is followed yet.
enum class PersonChoice : std::uint8_t {
  kBestScore,  ///< the detector's most confident detection (MediaPipe's choice)
  kLargest,    ///< the largest body
  kCentral,    ///< the hip centre nearest to the image centre
};
/// "auto" (kBestScore), "largest", "central"; nullopt for anything else.
std::optional<PersonChoice> parse_person_choice(std::string_view text);

/// The index of the detection to follow, -1 when none is the reference person. `detections` are best
/// first (weighted_nms order); without a reference `choice` decides.
int choose_detection(std::span<const Detection> detections, const std::optional<PersonState>& reference,
                     PersonChoice choice, int image_width, int image_height, TimeUs t_us,
                     const IdentityLimits& limits = {});

/// What the identity check said about a frame.
enum class IdentityStatus : std::uint8_t {
  kUnchecked,    ///< identity not followed, or nobody in view
  kFollowed,     ///< the followed person
  kReacquired,   ///< found again after more than reacquire_s without them: maybe someone else
  kOtherPerson,  ///< people in view, none of them the followed person: the frame is left empty
  kJump,  ///< the landmarks moved further than a person can in one frame: left empty, tracking restarts
};
std::string_view identity_status_name(IdentityStatus s);
/// True for the statuses whose frames a report must call uncertain (kReacquired, kOtherPerson, kJump).
bool identity_uncertain(IdentityStatus s);

/// The box round a person's landmarks (normalised image coordinates).
struct LandmarkBox {
  float x0 = 0.0f, y0 = 0.0f, x1 = 0.0f, y1 = 0.0f;
};
/// The box round the 33 body landmarks.
LandmarkBox landmark_box(std::span<const NormalizedLandmark> landmarks);
/// The area two boxes share, as a fraction of the smaller box (0 when either is empty).
float share_of_smaller(const LandmarkBox& a, const LandmarkBox& b);
/// Landmarks in the same place: the boxes share at least half of the smaller one. Two people side by side
/// share little of their boxes; the landmark model finding one person from two regions (at two scales, or
/// as a smaller part of them) gives boxes sharing most of the smaller one.
bool same_place(const LandmarkBox& a, const LandmarkBox& b);
/// True when the point lies inside the box (edges included).
bool contains(const LandmarkBox& box, Point2f point);

/// A person seen in one frame by a people scan.
struct PersonSighting {
  /// From the landmark model's auxiliary landmarks (33 and 34): the points tracked landmarks give too,
  /// so a sighting and a tracked frame compare like with like.
  PersonState body;
  /// The hip centre of `body` in normalised image coordinates.
  Point2f centre;
  /// Round the landmarks found.
  LandmarkBox box;
  /// The region the landmark model found the person in (from a detection, or tracked from the person's
  /// landmarks in the frame before): running the landmark model there again finds the same landmarks.
  NormalizedRect roi;
  /// The region to look for the person in the next frame (from this frame's auxiliary landmarks).
  NormalizedRect next_roi;
};

/// One person of a people scan.
struct PersonTrack {
  int id = 0;  ///< from 1, in order of first appearance
  TimeUs first_us = 0;
  TimeUs last_us = 0;
  std::int64_t frames = 0;
  /// Mean hip centre (fractions of the image width and height) and body size (fraction of the height),
  /// of the landmark model's body states.
  float mean_x = 0.0f;
  float mean_y = 0.0f;
  float mean_size = 0.0f;
  /// Where the person was in each frame seen, in time order.
  std::vector<PersonSighting> sightings;
};

/// Groups the sightings of consecutive frames into people by their body states: each sighting joins the
/// person whose last body state (seen at most reacquire_s before) it matches best (compare_person), else
/// starts a new person; a second sighting matching a person already matched in the same frame is a
/// duplicate and dropped. A person is confirmed after kConfirmFrames sightings; before that, a frame
/// without them ends them (a misreading seen for a few frames is not joined to someone who appears later
/// nearby).
class PeopleTracker {
 public:
  static constexpr std::int64_t kConfirmFrames = 5;
  explicit PeopleTracker(IdentityLimits limits = {}) : limits_(limits) {}
  void add_frame(TimeUs t_us, std::span<const PersonSighting> sightings, int image_width, int image_height);
  /// The people seen in at least `min_frames` frames, numbered from 1 in order of first appearance.
  std::vector<PersonTrack> people(std::int64_t min_frames = kConfirmFrames) const;

 private:
  struct Sums {
    double x = 0, y = 0, size = 0;
  };
  IdentityLimits limits_;
  std::vector<PersonTrack> tracks_;
  std::vector<Sums> sums_;
  std::optional<TimeUs> previous_us_;  // the frame before
};

/// The sighting of `track` at time t_us (nullopt when the person was not seen then).
std::optional<PersonSighting> person_at(const PersonTrack& track, TimeUs t_us);

/// Who is where in one frame, from a people scan: the person followed (nullopt when the scan did not see
/// them in this frame) and the other people it saw.
struct FollowTarget {
  std::optional<PersonSighting> person;
  std::vector<PersonSighting> others;
  /// The frame lies before the person's first or after their last sighting: they are not in the video
  /// then, and nobody is followed.
  bool outside_listing = false;
};
/// The frame at t_us of `people`, following the person with id `follow_id`.
FollowTarget follow_target(std::span<const PersonTrack> people, int follow_id, TimeUs t_us);

}  // namespace physio::pose
