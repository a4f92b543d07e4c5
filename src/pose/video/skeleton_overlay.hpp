#pragma once
/// The BlazePose skeleton drawn on a frame, so a clinician can see what was measured.
///
/// Stage contract
///   input:   an upright RGB8 frame and the PoseFrame found on it (image-normalised landmarks).
///   output:  the frame with MediaPipe's 35 pose connections and the 33 joints drawn anti-aliased:
///            left side (odd landmark indices) orange, right side (even, > 0) cyan, nose and the
///            connections across the body (shoulders, hips, mouth) white; joints with a dark rim.
///            Each joint and connection fades with visibility: opacity = clamp((v - 0.1) / (0.8 - 0.1)),
///            the smaller of the two ends for a connection (hidden below 0.1, full from 0.8).
///            Nothing is drawn when `found` is false.
///   options: OverlayStyle; 0 sizes scale with the image (line ~ min(w, h) / 250, at least 2 px).

#include <array>
#include <utility>

#include "pose/pipeline/pose_tracker.hpp"
#include "pose/video/draw.hpp"

namespace physio::pose {

/// MediaPipe's POSE_CONNECTIONS (landmark index pairs).
inline constexpr std::array<std::pair<int, int>, 35> kPoseConnections = {{
    {0, 1},   {1, 2},   {2, 3},   {3, 7},   {0, 4},   {4, 5},   {5, 6},   {6, 8},   {9, 10},
    {11, 12}, {11, 13}, {13, 15}, {15, 17}, {15, 19}, {15, 21}, {17, 19}, {12, 14}, {14, 16},
    {16, 18}, {16, 20}, {16, 22}, {18, 20}, {11, 23}, {12, 24}, {23, 24}, {23, 25}, {24, 26},
    {25, 27}, {26, 28}, {27, 29}, {28, 30}, {29, 31}, {30, 32}, {27, 31}, {28, 32},
}};

struct OverlayStyle {
  float line_width_px = 0.0f;    ///< 0: max(2, min(w, h) / 250)
  float joint_radius_px = 0.0f;  ///< 0: 1.5 x line width
  Rgb left{255, 138, 0};
  Rgb right{0, 217, 231};
  Rgb centre{255, 255, 255};
  Rgb rim{24, 24, 24};
  float hide_below_visibility = 0.1f;
  float full_from_visibility = 0.8f;
};

/// Opacity of a landmark of this visibility under `style`.
float overlay_opacity(float visibility, const OverlayStyle& style = {});

void draw_pose(Image& image, const PoseFrame& pose, const OverlayStyle& style = {});

}  // namespace physio::pose
