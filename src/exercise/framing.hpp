#pragma once
/// The framing check before a set: is the camera's picture one the set can be judged from?
///
/// Contract: check_framing
///   inputs : the exercise; the last frames from the camera before the set (image landmarks normalised to
///            the picture, x and y in [0, 1], of `skeleton`; an empty frame = nobody found), the picture's
///            size in pixels, and the most people the device's person detector saw in one of those frames
///            (0 when it does not say; MediaPipe Pose follows one person and cannot).
///   checks : (1) one person: at most one person seen, and the body never jumps between frames as when
///            the landmarks switch to someone else (body_checks.hpp); (2) what the exercise measures in the
///            picture (framing_joints: the head only when an angle is measured from it, both ankles when
///            one is measured from an ankle, each other part by name), each seen inside the picture
///            (visibility >= kSeenVisibility), or hidden with its other side seen there (the far side of a
///            side view, or a shoulder behind a barbell or an arm; the model may place a hidden part
///            outside the picture), never seen outside it (cut off), in at least kFramingGoodShare of the
///            frames, as the browser's own check; (3) the view: one of the exercise's views
///            (body_checks.hpp's rule over the frames).
///   outputs: Applicability; each refusal says what is wrong and what to change ("Only one person in
///            view: ...", "The feet are not in the picture: step back from the camera or tilt it down").
///            Refused without frames.

#include <span>
#include <string>
#include <vector>

#include "core/applicability.hpp"
#include "core/time.hpp"
#include "exercise/exercise.hpp"
#include "kinematics/landmarks.hpp"

namespace physio::exercise {

/// A part counts as in the picture when it is inside and seen in 11 of 15 frames (the browser's rule).
inline constexpr double kFramingGoodShare = 11.0 / 15.0;

struct FramingFrame {
  TimeUs t_us = 0;
  std::vector<kin::Landmark> landmarks;  ///< [skeleton size], or empty: nobody in the picture
};

/// The parts of the body the framing check asks to see for `ex`, in Joint order: both shoulders and both hips
/// (the torso, the scale of every body check and the view's shoulder width) and every joint an angle of the
/// exercise is measured from in 2D (primary, secondary, compensations, form rules; both sides), the neck as
/// both shoulders and the mid-hip as both hips. A lateral raise needs the arms and the torso, not the feet;
/// a squat's knee angle needs the ankles. What the exercise only checks (the feet staying on the floor
/// during a wall push-up) is not asked for: a part out of the picture leaves that check uncertain
/// (contact.hpp), never a reason to refuse.
std::vector<kin::Joint> framing_joints(const Exercise& ex);

/// The parts of framing_joints the count cannot be made without, in Joint order: both shoulders and every
/// joint the exercise's primary angle is measured from in 2D (both sides). The framing check refuses a
/// picture without one of them; a part only a secondary measure needs (the hips of a wall push-up's trunk
/// line) out of the picture is no reason to refuse: that measure rests on the pose model's estimate of it.
std::vector<kin::Joint> framing_required_joints(const Exercise& ex);

/// The joints the angles `names` are measured from in 2D, in Joint order (the neck as both shoulders, the
/// mid-hip as both hips); names that are no angle are left out.
std::vector<kin::Joint> angle_joints(const std::vector<std::string>& names);

Applicability check_framing(const Exercise& ex, std::span<const FramingFrame> frames,
                            const kin::Skeleton& skeleton, int image_width, int image_height,
                            int people_in_view = 0);

}  // namespace physio::exercise
