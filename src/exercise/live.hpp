#pragma once
/// Exercise analysis, live: one frame of angles at a time -> repetition and cue events, with the same
/// definitions as the batch path (analyse.hpp) up to documented tolerances (docs/metrics/exercise.md,
/// "Live mode").
///
/// Contract: LiveAnalyser
///   create : the exercise, the batch AnalysisOptions, the names of the angle columns of every pushed row
///            (resolved names, as compute_exercise_angles gives them) and the nominal frame rate.
///            Errors: kInvalidArgument for a non-positive rate, or a unilateral exercise with side auto
///            (the batch path picks the side from the whole recording; live needs it given);
///            kMissingData naming an angle the exercise needs that the columns lack.
///   push   : frame time (strictly increasing) and one row [n_columns] of angles in degrees (NaN =
///            missing). Returns the events that became known with this frame, in order. Errors:
///            kInvalidArgument for a row of the wrong width or a non-increasing time (the frame is ignored).
///   finish : end of session: the rest of the delayed signal, a repetition cut by the end (partial), and
///            the cues still pending. The analyser accepts no frame afterwards.
///   method : causal plus a bounded look-back (LiveOptions::look_back_s of raw rows):
///            - segmentation signal: the primary angle low-passed (smooth_cutoff_hz, zero-phase) over a
///              sliding window of the last window_s, read seg_delay_s before the newest frame, so the
///              segmenter sees frame j = i - delay frames at frame i;
///            - thresholds: robust percentiles of the smoothed oriented primary over the look-back, then
///              (3 or more complete repetitions) the median peak of the last repetitions as the movement
///              end level, as the batch second pass; updated only between repetitions;
///            - metrics, rules and score of a repetition: its raw rows plus margin_s before its start and
///              everything seen after its end, low-passed (filter_cutoff_hz, zero-phase) when the
///              segmenter confirms the end ("windowed re-filter");
///            - cues: the batch CueScheduler, fed each repetition's violations, its clock advanced only up
///              to the earliest time a not-yet-known violation could have.
///   latency: a repetition is reported seg_delay_s plus the segmenter's confirmation of its lowest point
///            (the series rises 2 % of the range again, or 0.5 s at rest) after its end frame; a cue is
///            reported no earlier than its repetition. A bilateral exercise whose side is being judged
///            (hold_primary, seen_side.hpp) is segmented from its first frame once it is released.
///   events : kRepStarted carries the provisional start (re-derived in kRepDone, see the docs); an
///            excursion that ends shorter than min_rep_s (noise) has a kRepStarted and no kRepDone.

#include <cstdint>
#include <deque>
#include <span>
#include <string>
#include <vector>

#include "dsp/filtfilt.hpp"
#include "exercise/analyse.hpp"

namespace physio::exercise {

struct LiveOptions {
  double look_back_s = 60.0;  ///< raw rows kept (thresholds and repetition windows)
  double window_s = 3.0;      ///< sliding window of the segmentation low-pass
  double seg_delay_s = 0.5;   ///< read-out delay in that window (decay of the backward pass)
  double margin_s = 1.0;      ///< rows before a repetition's start in its re-filter window
};

struct LiveEvent {
  /// kSetRefused: a precondition of the set failed as it went (LiveLandmarkAnalyser: two people, the
  /// person leaving, the wrong view, not upright); `reason` says which and what to change. The set is then
  /// rejected (LiveLandmarkAnalyser::verdict), whatever is counted.
  enum class Kind : std::uint8_t { kRepStarted, kRepDone, kCue, kSetRefused };
  Kind kind = Kind::kRepStarted;
  std::size_t frame = 0;          ///< frame the event is about: rep start, rep end, cue frame
  double t_s = 0.0;               ///< its time, s from the first frame
  std::size_t emitted_frame = 0;  ///< the frame whose push() (or finish()) returned it
  RepMetrics rep;                 ///< kRepDone (rep.not_counted: why it is not counted, from
                                  ///< LiveLandmarkAnalyser; rep.index 0 then)
  Cue cue;                        ///< kCue
  std::string reason;             ///< kSetRefused
};

class LiveAnalyser {
 public:
  static Result<LiveAnalyser> create(const Exercise& ex, const AnalysisOptions& options,
                                     std::vector<std::string> column_names, double rate_hz,
                                     const LiveOptions& live = {});

  Result<std::vector<LiveEvent>> push(TimeUs t, std::span<const double> row);
  /// The frames before `frame` that the segmentation has not read yet are no measurement (their angles
  /// become missing): a pose model's first fit found too small (opening_fit.hpp) while still unread.
  void void_unread_before(std::size_t frame);
  std::vector<LiveEvent> finish();

  /// A bilateral exercise: no frame is segmented until release_primary() says on which side it is counted
  /// (the side the camera sees, seen_side.hpp, is judged on the first frames by LiveLandmarkAnalyser).
  /// finish() releases it on both sides.
  void hold_primary() { held_ = true; }
  /// `only`: 0 the left side alone, 1 the right, -1 the mean of both (as the batch path's primary_side).
  void release_primary(int only);

  const std::string& primary_angle() const { return primary_name_; }
  /// The side analysed ("left", "right", "both").
  const std::string& side() const { return side_; }
  std::size_t frames_seen() const { return n_frames_; }
  const Thresholds& thresholds() const { return th_; }

 private:
  LiveAnalyser() = default;
  void step_segmentation(std::vector<LiveEvent>& out, std::size_t newest, bool final_pass);
  void feed_segmenter(double smoothed, std::vector<LiveEvent>& out);
  void update_thresholds();
  void on_rep(const RepBounds& b, std::vector<LiveEvent>& out);
  void emit_cues(std::vector<Cue> cues, std::vector<LiveEvent>& out);
  double rel_s(std::size_t frame) const;

  const Exercise* ex_ = nullptr;
  AnalysisOptions opt_;
  LiveOptions live_;
  double rate_hz_ = 30.0;
  double sign_ = 1.0;
  std::string side_;
  std::string primary_name_;
  std::vector<std::string> names_;      ///< resolved angles used, in the order of cols_
  std::vector<std::size_t> col_index_;  ///< their index in a pushed row
  std::size_t n_columns_ = 0;
  std::vector<std::size_t> primary_cols_;  ///< into names_ (1, or 2 for bilateral: mean)
  int primary_only_ = -1;                  ///< bilateral: 0 left alone, 1 right alone, -1 the mean
  bool held_ = false;                      ///< hold_primary(): nothing segmented yet
  std::vector<std::string> tpl_names_;

  dsp::SosFilter seg_sos_, metric_sos_;
  bool seg_filter_ = true, metric_filter_ = true;
  dsp::FiltfiltScratch scratch_;

  // Look-back buffers; base_ is the global frame index of their front.
  std::size_t base_ = 0;
  std::deque<TimeUs> times_;
  std::vector<std::deque<double>> raw_;  ///< [names_][buffered frames]
  std::deque<double> oriented_;          ///< smoothed oriented primary of frames base_.. < next_seg_
  std::vector<double> sorted_oriented_;  ///< the values of oriented_ that are not NaN, ascending
  std::size_t look_back_ = 0, window_ = 0, delay_ = 0, margin_ = 0;

  TimeUs t0_ = 0;
  std::size_t n_frames_ = 0;
  std::size_t next_seg_ = 0;  ///< next frame the segmenter will see
  bool finished_ = false;

  SegmentationOptions seg_opt_;
  Thresholds th_;
  RepSegmenter segmenter_{Thresholds{}, 30.0, 0.4};
  bool was_in_rep_ = false;
  std::vector<double> recent_peaks_;  ///< oriented peaks of the last complete repetitions
  int rep_count_ = 0;
  CueScheduler scheduler_;
  std::vector<double> work_, pct_work_;
  std::size_t started_at_ = 0;
  std::size_t crossing_ = 0;   ///< frame of the start crossing of the repetition in progress
  std::size_t crossings_ = 0;  ///< repetitions started so far (the first leaves the opening stay)
  std::size_t prev_end_ = 0;   ///< end of the last repetition (the start when the band is not reached)
  std::size_t rest_from_ = 0;  ///< first frame of the current stay at rest (segmenter's rest logic)
  std::size_t refine_start(std::size_t provisional) const;
  Thresholds current_thresholds(std::vector<double>& work) const;
  std::vector<std::vector<double>> win_cols_;
  std::size_t current_frame_ = 0;  ///< frame of the push in progress (emitted_frame)
};

}  // namespace physio::exercise
