#pragma once
/// Kaplan-Meier estimation with right censoring, for "how long until ..." questions on the clinic's own
/// episodes (visits or weeks to the goal, risk/recovery.hpp). The time axis is a plain double: visit
/// counts (discrete, many ties) or weeks (continuous) alike.
///
/// Contract: compute_kaplan_meier
///   inputs : (time, event) pairs in any order; event = false is a right-censored time (still at risk at
///            that time, then gone).
///   outputs: one step per distinct time (events and censorings), ascending, with the number at risk just
///            before it, events, censorings, S(t) = prod (1 - d_j / n_j) over event times t_j <= t, the
///            Greenwood standard error SE(S) = S sqrt(sum d_j / (n_j (n_j - d_j))) and the pointwise 95 %
///            band on the log(-log) scale: S^exp(+-1.96 sqrt(G) / log S), G the Greenwood sum (R survival's
///            conf.type = "log-log"; band [1, 1] before the first event, [0, 0] once S reaches 0).
///            Ties: events at a time come before the censorings at that time (the usual convention).
///   errors : kMissingData for no observations; kInvalidArgument for a NaN, infinite or negative time.
///
/// Contract: survival_quantile
///   inputs : a curve and p in (0, 1), the fraction who have had the event (0.5 = median, 0.25, 0.75).
///   outputs: the time at which S first falls to 1 - p or below; when S equals 1 - p exactly on a flat
///            step, the midpoint of that step (R survival, SAS LIFETEST; the step's start when the curve
///            never drops again). The 95 % interval is
///            Brookmeyer-Crowley style on the log(-log) band: every time whose band covers 1 - p; read as
///            R's quantile.survfit does: lower limit where the band's lower curve first falls to 1 - p,
///            upper limit where the band's upper curve does.
///   not estimable: when S never falls to 1 - p (fewer than that fraction had the event before the
///            last time under observation), `time` is nullopt and `reason` says so with the lowest S; an
///            interval limit the band never reaches is nullopt ("not reached").
///
/// Contract: condition_on
///   the curve given survival beyond t0 (the conditional Kaplan-Meier curve): steps after t0 only,
///   S(t | T > t0) = S(t) / S(t0), Greenwood sums and band from t0 on. Its quantiles are absolute times
///   (subtract t0 for "remaining"). errors: kMissingData when nobody is at risk after t0 or S(t0) = 0.

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace physio::risk {

/// z for a two-sided 95 % interval.
inline constexpr double kZ95 = 1.959963984540054;

struct SurvivalObservation {
  double time = 0;     ///< visits, weeks, ... (>= 0)
  bool event = false;  ///< false: right-censored at `time`
};

struct SurvivalStep {
  double time = 0;
  int at_risk = 0;  ///< n_j: still under observation just before `time`
  int events = 0;   ///< d_j
  int censored = 0;
  double survival = 1;   ///< S(time)
  double std_error = 0;  ///< Greenwood SE of S(time)
  double greenwood = 0;  ///< sum d/(n(n-d)) so far: the variance of log S (+inf once S = 0)
  double lower = 1;      ///< 95 % band, log(-log) scale
  double upper = 1;
};

struct KaplanMeier {
  std::vector<SurvivalStep> steps;  ///< ascending time
  int subjects = 0;
  int events = 0;
  int censored = 0;
  double start = 0;  ///< 0, or t0 for a conditional curve: S(start) = 1
};

struct SurvivalQuantile {
  double p = 0.5;               ///< fraction with the event
  std::optional<double> time;   ///< nullopt: not estimable (see reason)
  std::optional<double> lower;  ///< 95 % CI; nullopt: the band never reaches 1 - p
  std::optional<double> upper;  ///< nullopt: "not reached"
  std::string reason;           ///< "" when estimable; else "not estimable: ..."
};

Result<KaplanMeier> compute_kaplan_meier(std::span<const SurvivalObservation> observations);

/// S(t) of the step curve (1 before the first event time; the last value after the last time).
double survival_at(const KaplanMeier& km, double t);

SurvivalQuantile survival_quantile(const KaplanMeier& km, double p);

/// S(t | T > t0) = S(t) / S(t0); nullopt when S(t0) = 0.
std::optional<double> conditional_survival(const KaplanMeier& km, double t0, double t);

/// The curve given survival beyond t0 (see the contract).
Result<KaplanMeier> condition_on(const KaplanMeier& km, double t0);

}  // namespace physio::risk
