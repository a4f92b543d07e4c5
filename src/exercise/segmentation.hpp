#pragma once
/// Repetition segmentation of one angle series.
///
/// Contract: segment_reps
///   inputs : angle_deg [n_frames] at rate_hz (NaN = missing), the direction the angle moves from rest.
///   outputs: Segmentation: repetitions (start, peak, end frames; partial flag), the thresholds used.
///   method : the series is low-passed (zero-phase Butterworth, smooth_cutoff_hz) and oriented so that the
///            movement increases it. The person's own range comes from robust percentiles
///            (lo_percentile, hi_percentile) of the oriented series; thresholds are fractions of that
///            range: a repetition is detected when the series rises above `enter`, counts as complete
///            when it reaches `peak`, and ends when it falls back below `exit` (< enter: hysteresis; or,
///            when higher, below rest0 + exit_frac * (own peak - rest0), rest0 = the lowest value of the
///            second before its start crossing, so that a person who rests above the usual level still ends a
///            repetition) and
///            then stops falling (its lowest point; a rise of 2% of the range ends the fall), rises into
///            a new repetition, or stays in the rest band (rest + band_frac * range) for 0.5 s. A return
///            that stops above the exit level and turns into a new movement also ends it, at its lowest
///            point, when the fall from the peak and the following rise both cover the start distance
///            (enter - rest) and the rise comes at least min_rep_s after the peak: a person who no
///            longer returns all the way (not a wobble or a momentary tracking dropout). Its start
///            is the last frame, before the `enter` crossing, within 2% of the range of the lowest value
///            of that stay in the rest band; when that is in the series' first kOpeningEdgeS and the stay
///            lasted 0.5 s or more, the lowest value is read without them (a pose tracker's first frame is
///            its least reliable, and the smoothing filter spreads it over about 1 / (2 x 3 Hz) = 0.17 s:
///            a long rest before the first repetition ends where that repetition starts, not at frame 0).
///            With 3 or more repetitions found, a second pass re-derives the thresholds with the median
///            repetition peak as the movement end level. Excursions that never reach `peak` are partial
///            repetitions (reported, not counted); anything shorter than min_rep_s is noise. A range smaller
///            than min_range_deg gives no repetitions (a still person). Repetitions from the person's own
///            rest: a movement under way when the series starts began before the recording and is partial
///            (RepBounds::cut_at_start), as one the recording ends during is: a repetition when, before it,
///            the person was never nearer the level it returns to than the start fraction (enter_frac) of its
///            own excursion (the start crossing was before the first frame, or the person held still part of
///            the way out since the start), or one at the first frame whose first value is at or above `peak`
///            (past mid-range), or that leaves the first frame at kUnderWaySpeedFraction or more of its
///            fastest speed out; so is one that leaves the first frame and reaches its extreme in under half
///            of min_rep_s (its way out was not recorded); one starting at the first frame from rest counts.
///   errors : kInvalidArgument for a non-positive rate; kMissingData when fewer than 2 valid samples.
///
/// RepSegmenter is the per-frame state machine both the batch path and the live analyser use.
///
/// Contract: segment_by_periodicity (fallback when the exercise is unknown)
///   inputs : candidate angle columns [n_angles][n_frames] at rate_hz.
///   outputs: the column with the largest robust range, its period from the first autocorrelation peak
///            (>= min_autocorr) between 0.4 s and 20 s, and the repetitions found by segment_reps with the
///            direction that puts the dwelling (median) level at rest and min_rep_s = 0.4 * period.

#include <cstddef>
#include <deque>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "exercise/exercise.hpp"
#include "exercise/rest_stay.hpp"

namespace physio::exercise {

struct SegmentationOptions {
  double lo_percentile = 3.0;     ///< rest level (oriented), %
  double hi_percentile = 97.0;    ///< movement end level (oriented), %
  double enter_frac = 0.30;       ///< start threshold, fraction of the range above rest
  double exit_frac = 0.20;        ///< end threshold (hysteresis below enter)
  double peak_frac = 0.50;        ///< a repetition reaching this is complete; else partial
  double band_frac = 0.05;        ///< rest band: start and end of a repetition
  double min_rep_s = 0.4;         ///< shorter excursions are noise
  double min_range_deg = 10.0;    ///< smaller ranges: no movement
  double smooth_cutoff_hz = 3.0;  ///< low-pass before thresholding
};

/// Thresholds on the ORIENTED series (sign * angle, increasing away from rest).
struct Thresholds {
  double rest = 0.0;
  double top = 0.0;
  double enter = 0.0;
  double exit = 0.0;
  double peak = 0.0;
  double band = 0.0;  ///< rest band upper edge
  double range() const { return top - rest; }
};

struct RepBounds {
  std::size_t start = 0;  ///< frame where the movement leaves rest (local minimum before the start crossing)
  std::size_t peak = 0;   ///< frame of the extreme (oriented maximum)
  std::size_t end = 0;    ///< frame where the return ends (local minimum after the exit crossing)
  bool partial = false;   ///< never reached the peak threshold, or cut by the recording's start or end
  /// The recording starts during it: the series' first value is at or above the peak level (past
  /// mid-range, far from the rest this person shows), so it began before the first frame; always partial.
  bool cut_at_start = false;
  /// Where the pause at rest before it began: the previous movement's end (the pause at the start position
  /// that a repetition's tempo counts: body_checks.hpp). The first movement's is its own start: the
  /// recording's first frames show no pause of the set's rhythm (it may have started at any moment).
  std::size_t rest_from = 0;
};

/// A repetition starting at the series' first frame was under way there when the angle leaves that frame
/// at this fraction or more of the repetition's fastest speed on its way out (speeds over 0.1 s). A
/// movement from rest starts at speed 0: a minimum-jerk movement (Flash and Hogan 1985) covers on average
/// 0.34 of its peak speed over the first third of its way out, and 0.15 over the first 0.1 s of a way out
/// of 0.5 s.
inline constexpr double kUnderWaySpeedFraction = 0.5;
/// The series' opening frames that do not set the lowest value of a long first rest (RestStay), s.
inline constexpr double kOpeningEdgeS = 0.2;
/// Speeds are rises over this window, s (kUnderWaySpeedFraction).
inline constexpr double kSpeedWindowS = 0.1;
/// kOpeningEdgeS in frames at rate_hz (at least 1).
std::size_t opening_edge_frames(double rate_hz);
/// The stay at rest that ends a return, and that the opening stay must last to be read without its edge
/// (0.5 s), in frames at rate_hz (at least 1).
std::size_t settle_frames(double rate_hz);

/// Per-frame hysteresis state machine on an oriented, smoothed series. Feed frames in order with
/// push(); a finished repetition is returned by the push that completes it (with a lag of the frames
/// needed to see the local minimum), the last one by finish(); one still in progress then is partial and ends
/// at the last frame with a value.
class RepSegmenter {
 public:
  RepSegmenter(const Thresholds& th, double rate_hz, double min_rep_s);

  std::optional<RepBounds> push(double oriented_value);
  std::optional<RepBounds> finish();
  /// True between a start crossing and the end of that repetition.
  bool in_rep() const { return state_ != State::kRest; }
  std::size_t frames_seen() const { return frame_; }
  /// The repetition in progress (valid while in_rep(): start and peak so far).
  const RepBounds& current() const { return cur_; }
  /// The series' first frame with a value (where its opening stay at rest begins, RestStay).
  std::size_t first_frame() const { return first_idx_; }
  /// Live use: replaces the thresholds; takes effect from the next push (callers change them only
  /// while !in_rep() so that one repetition is judged against one set).
  void set_thresholds(const Thresholds& th) { th_ = th; }

 private:
  enum class State { kRest, kOut, kReturning };
  /// cur_ ending at `end` (value end_val), if a repetition
  std::optional<RepBounds> valid(std::size_t end, double end_val) const;
  std::optional<RepBounds> close(std::size_t end, double end_val);

  Thresholds th_;
  std::size_t min_frames_ = 1;
  State state_ = State::kRest;
  std::size_t frame_ = 0;
  std::size_t last_valid_ = 0;  // the last frame with a value (a repetition cut off by lost data ends there)
  std::size_t max_settle_ = 15;
  RepBounds cur_;
  double peak_val_ = 0.0;
  double valley_val_ = 0.0;     // lowest value since the peak of the current repetition (kOut)
  std::size_t valley_idx_ = 0;  // its frame
  std::deque<double> recent_;   // the last second of values
  std::size_t recent_frames_ = 30;
  double start_val_ = 0.0;   // rest level of the current repetition
  double exit_level_ = 0.0;  // the exit level the return crossed
  bool reached_peak_ = false;
  std::size_t ret_min_idx_ = 0;
  double ret_min_ = 0.0;
  double all_min_ = std::numeric_limits<double>::infinity();  // the lowest value so far
  double pre_min_ = 0.0;     // the lowest value before the current repetition's start crossing
  bool have_first_ = false;  // the series' first value, and its frame
  std::size_t first_idx_ = 0;
  double first_val_ = 0.0;
  // Where the current stay at rest began (RepBounds::rest_from): the last movement's end; none before the
  // first.
  std::optional<std::size_t> rest_from_;
  RestStay stay_{6, 15};  // where the current stay at rest ends
  // Speeds as rises over speed_frames_ (0.1 s): the series' first one, and the fastest on the way out of
  // the current repetition.
  std::size_t speed_frames_ = 3;
  std::optional<double> opening_rise_;
  double out_rise_max_ = 0.0;
};

struct Segmentation {
  std::vector<RepBounds> reps;  ///< complete and partial, in time order
  Thresholds thresholds;        ///< oriented
  double sign = 1.0;            ///< oriented = sign * angle
  std::string method;           ///< "hysteresis" or "periodicity"
  std::string angle;            ///< the series segmented
  double period_s = 0.0;        ///< periodicity fallback: the period found (0 if none)
  std::vector<std::string> warnings;

  std::size_t count() const;  ///< complete repetitions
};

/// Robust percentile (linear interpolation) of the valid values; NaN when none.
double percentile(std::span<const double> values, double pct);

/// The thresholds segment_reps would use on an oriented series.
Thresholds compute_thresholds(std::span<const double> oriented, const SegmentationOptions& options);

/// Low-pass used before segmentation (zero-phase Butterworth, 4th order effective); a copy.
Result<std::vector<double>> smooth_for_segmentation(std::span<const double> angle_deg, double rate_hz,
                                                    double cutoff_hz);

Result<Segmentation> segment_reps(std::span<const double> angle_deg, double rate_hz, Direction direction,
                                  const SegmentationOptions& options = {});

Result<Segmentation> segment_by_periodicity(std::span<const std::vector<double>> columns,
                                            std::span<const std::string> names, double rate_hz,
                                            const SegmentationOptions& options = {},
                                            double min_autocorr = 0.3);

/// The highest local maximum of the normalised autocorrelation between 0.4 s and 20 s, in [0, 1]
/// (0 for a series without repetition).
double periodicity_strength(std::span<const double> values, double rate_hz);

/// Period (s) of a series from its autocorrelation, 0 when no peak reaches min_autocorr.
double estimate_period_s(std::span<const double> values, double rate_hz, double min_autocorr = 0.3);

}  // namespace physio::exercise
