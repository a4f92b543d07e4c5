// Counting under realistic perturbations of the UI-PRMD sequences (docs/validation/ui-prmd.md,
// "Counting under perturbations"): another tempo (0.7 and 1.4 times as long), a tempo that changes from
// repetition to repetition, 2 deg sensor jitter and short tracking dropouts (2-6 frames, about 5 % of the
// frames). Nothing here is fitted: the library's thresholds count, on the working side of the correct set.

#include <cmath>
#include <cstdio>
#include <functional>
#include <random>
#include <set>
#include <tuple>

#include <gtest/gtest.h>

#include "common/test_data.hpp"
#include "exercise/analyse.hpp"
#include "exercise/library.hpp"
#include "exercise/ui_prmd.hpp"

namespace physio::exercise {
namespace {

struct Seq {
  std::string exercise, subject;
  bool correct = true;
  std::size_t expected = 0;
  std::vector<std::size_t> starts;  // first frame of each file
  kin::AngleSeries angles;
  SideChoice side = SideChoice::kAuto;
};

// Linear resampling of every column; each file's frames stretched by its own factor.
kin::AngleSeries warp(const kin::AngleSeries& in, const std::vector<std::size_t>& starts,
                      const std::vector<double>& factor) {
  kin::AngleSeries out = in;
  std::vector<double> src;  // source frame (fractional) of every output frame
  for (std::size_t f = 0; f < starts.size(); ++f) {
    const std::size_t a = starts[f], b = f + 1 < starts.size() ? starts[f + 1] : in.n_frames();
    const auto n_out = static_cast<std::size_t>(std::lround(static_cast<double>(b - a) * factor[f]));
    for (std::size_t i = 0; i < n_out; ++i)
      src.push_back(static_cast<double>(a) + static_cast<double>(i) * static_cast<double>(b - a - 1) /
                                                 static_cast<double>(std::max<std::size_t>(1, n_out - 1)));
  }
  out.times.resize(src.size());
  for (std::size_t i = 0; i < src.size(); ++i)
    out.times[i] = sample_time_us(static_cast<std::int64_t>(i), 30.0);
  for (std::size_t k = 0; k < in.n_angles(); ++k) {
    auto& col = out.columns[k];
    col.assign(src.size(), std::nan(""));
    for (std::size_t i = 0; i < src.size(); ++i) {
      const auto j = static_cast<std::size_t>(std::floor(src[i]));
      const double t = src[i] - static_cast<double>(j);
      const double x0 = in.columns[k][j], x1 = in.columns[k][std::min(j + 1, in.n_frames() - 1)];
      col[i] = (1.0 - t) * x0 + t * x1;
    }
  }
  return out;
}

TEST(ExerciseUiPrmdRobustness, CountsUnderPerturbations) {
  PHYSIO_REQUIRE_SHARED("ui-prmd-kinect");
  const ExerciseLibrary* lib = *default_library();
  auto files = list_ui_prmd(shared_path);
  ASSERT_TRUE(files);
  std::vector<Seq> seqs;
  std::set<std::tuple<std::string, std::string, bool>> keys;
  for (const auto& f : *files) keys.insert({f.exercise, f.subject, f.correct});
  for (const auto& [mid, subj, correct] : keys) {
    const Exercise* ex = *lib->find(mid);
    auto set = load_ui_prmd_set(*files, mid, subj, correct);
    ASSERT_TRUE(set && *set);
    Seq s{mid, subj, correct, (*set)->expected(), (*set)->file_starts, {}, SideChoice::kAuto};
    s.angles = *compute_exercise_angles((*set)->landmarks, *ex);
    seqs.push_back(std::move(s));
  }
  // The side of the correct set (as the evaluation does).
  for (auto& s : seqs) {
    if (!s.correct) continue;
    auto r = analyse_exercise(s.angles, **lib->find(s.exercise));
    ASSERT_TRUE(r);
    for (auto& t : seqs)
      if (t.exercise == s.exercise && t.subject == s.subject)
        t.side = r->side == "left"    ? SideChoice::kLeft
                 : r->side == "right" ? SideChoice::kRight
                                      : SideChoice::kAuto;
  }
  struct Case {
    const char* name;
    std::function<kin::AngleSeries(const Seq&, std::mt19937&)> make;
  };
  const std::vector<Case> cases = {
      {"as recorded", [](const Seq& s, std::mt19937&) { return s.angles; }},
      {"tempo x0.7",
       [](const Seq& s, std::mt19937&) {
         return warp(s.angles, s.starts, std::vector<double>(s.starts.size(), 0.7));
       }},
      {"tempo x1.4",
       [](const Seq& s, std::mt19937&) {
         return warp(s.angles, s.starts, std::vector<double>(s.starts.size(), 1.4));
       }},
      {"tempo per repetition 0.75-1.33",
       [](const Seq& s, std::mt19937& rng) {
         std::uniform_real_distribution<double> u(std::log(0.75), std::log(1.33));
         std::vector<double> k;
         for (std::size_t i = 0; i < s.starts.size(); ++i) k.push_back(std::exp(u(rng)));
         return warp(s.angles, s.starts, k);
       }},
      {"jitter 2 deg",
       [](const Seq& s, std::mt19937& rng) {
         kin::AngleSeries a = s.angles;
         std::normal_distribution<double> nd(0.0, 2.0);
         for (auto& c : a.columns)
           for (double& v : c) v += nd(rng);
         return a;
       }},
      {"dropouts 5 %",
       [](const Seq& s, std::mt19937& rng) {
         kin::AngleSeries a = s.angles;
         std::uniform_int_distribution<std::size_t> at(0, a.n_frames() - 1), len(2, 6);
         for (std::size_t d = 0; d < a.n_frames() / 80; ++d) {
           const std::size_t i0 = at(rng), l = len(rng);
           for (auto& c : a.columns)
             for (std::size_t i = i0; i < std::min(i0 + l, a.n_frames()); ++i) c[i] = std::nan("");
         }
         return a;
       }},
  };
  for (const auto& c : cases) {
    std::mt19937 rng(7);
    int exact = 0;
    std::string misses;
    for (const auto& s : seqs) {
      AnalysisOptions ao;
      ao.side = s.side;
      auto r = analyse_exercise(c.make(s, rng), **lib->find(s.exercise), ao);
      ASSERT_TRUE(r) << r.error().to_string();
      const auto performed = static_cast<std::size_t>(r->summary.count + r->summary.partial_count);
      if (performed == s.expected)
        ++exact;
      else
        misses += " " + s.exercise + s.subject + (s.correct ? "c" : "i") + "=" + std::to_string(performed);
    }
    std::printf("%-32s exact %d/%zu:%s\n", c.name, exact, seqs.size(), misses.c_str());
    // Measured 2026-11-24: 95, 95, 93, 94, 96, 95 of 100. A perturbation a person or a sensor brings must
    // not cost more than two sequences.
    EXPECT_GE(exact, 93) << c.name << ":" << misses;
  }
}

}  // namespace
}  // namespace physio::exercise
