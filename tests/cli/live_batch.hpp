#pragma once
// The live analyser and the batch path on one landmark file, as the clinic server runs them: live, the
// world landmarks analysed frame by frame with the image ones beside them (LiveLandmarkAnalyser); batch,
// analyse_exercise, count_repetitions and check_exercise_applicability. Shared by the real-video tests.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/applicability.hpp"
#include "exercise/analyse.hpp"
#include "exercise/applicability.hpp"
#include "exercise/live_landmarks.hpp"
#include "kinematics/formats/load.hpp"

namespace physio::live_batch {

using exercise::LiveEvent;

struct LiveOutcome {
  int counted = 0;
  std::vector<exercise::RepMetrics> reps;
  std::vector<std::string> refusals;  // kSetRefused, as they happened
  Applicability verdict;
};

/// The frames as the server passes them: world landmarks analysed, the image ones beside them.
/// `options.side`: a one-sided exercise's side, as the prescription gives it (live analysis needs it).
inline LiveOutcome run_live(const exercise::Exercise& ex, const kin::LandmarkFile& file,
                            const exercise::AnalysisOptions& options = {}) {
  const kin::LandmarkSequence& img = file.landmarks;
  EXPECT_TRUE(file.world.has_value());
  const kin::LandmarkSequence& world = *file.world;
  auto la =
      exercise::LiveLandmarkAnalyser::create(ex, options, world.skeleton_ptr(), world.space(), world.up_axis,
                                             img.image_width, img.image_height, img.rate_hz());
  EXPECT_TRUE(la) << la.error().to_string();
  LiveOutcome out;
  if (!la) return out;
  auto take = [&](std::vector<LiveEvent>& events) {
    for (auto& e : events) {
      if (e.kind == LiveEvent::Kind::kRepDone) out.reps.push_back(e.rep);
      if (e.kind == LiveEvent::Kind::kSetRefused) out.refusals.push_back(e.reason);
    }
  };
  for (std::size_t f = 0; f < world.n_frames(); ++f) {
    auto ev = la->push(world.times()[f], world.frame(f), img.frame(f));
    EXPECT_TRUE(ev) << ev.error().to_string();
    if (ev) take(*ev);
  }
  auto last = la->finish();
  take(last);
  out.counted = la->counted();
  out.verdict = la->verdict();
  return out;
}

struct BatchOutcome {
  int counted = -1;
  Applicability applies;
  std::string side;  ///< the side the batch path chose ("left", "right"; "both", "" otherwise)
};

inline BatchOutcome run_batch(const exercise::Exercise& ex, const kin::LandmarkFile& file) {
  BatchOutcome out;
  auto result = exercise::analyse_exercise(file, ex);
  EXPECT_TRUE(result) << result.error().to_string();
  if (!result) return out;
  exercise::count_repetitions(ex, *result, file.landmarks);
  out.counted = result->summary.count;
  out.side = result->side;
  out.applies = exercise::check_exercise_applicability(ex, *result, file.landmarks);
  return out;
}

}  // namespace physio::live_batch
