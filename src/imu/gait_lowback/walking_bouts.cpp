#include "imu/gait_lowback/walking_bouts.hpp"

#include <algorithm>
#include <cmath>

#include "imu/gait_lowback/step_to_second.hpp"

namespace physio::imu {

std::vector<Stride> build_strides(std::span<const InitialContact> ics,
                                  std::span<const SequenceSeconds> seconds, const WalkingBoutRules& rules) {
  std::vector<Stride> strides;
  std::size_t series = 0;  // seconds[] is sorted by gait sequence, as the contacts
  for (std::size_t k = 0; k + 2 < ics.size(); ++k) {
    if (ics[k].gait_sequence != ics[k + 2].gait_sequence) continue;
    Stride s;
    s.first_ic = k;
    s.side = ics[k].side;
    s.start_s = ics[k].t_s;
    s.end_s = ics[k + 2].t_s;
    s.duration_s = s.end_s - s.start_s;
    while (series < seconds.size() && seconds[series].gait_sequence < ics[k].gait_sequence) ++series;
    if (series < seconds.size() && seconds[series].gait_sequence == ics[k].gait_sequence) {
      // Stride values are the means of the per-second values over the stride (mobgap's
      // naive_sec_paras_to_regions), so every stride parameter comes from the robust per-second series.
      const SequenceSeconds& sec = seconds[series];
      const double a = s.start_s - sec.t0_s;
      const double b = s.end_s - sec.t0_s;
      s.cadence_spm = region_mean_of_seconds(sec.cadence_spm, a, b);
      s.length_m = region_mean_of_seconds(sec.stride_length_m, a, b);
      s.speed_mps = region_mean_of_seconds(sec.walking_speed_mps, a, b);
    }
    if (s.duration_s < rules.min_stride_time_s || s.duration_s > rules.max_stride_time_s) {
      s.rejection = "stride_time";
    } else if (std::isfinite(s.length_m) && s.length_m < rules.min_stride_length_m) {
      s.rejection = "stride_length";
    }
    s.valid = s.rejection.empty();
    strides.push_back(std::move(s));
  }
  return strides;
}

namespace {

double mean_of(const std::vector<double>& v) {
  double sum = 0.0;
  std::size_t n = 0;
  for (double x : v) {
    if (std::isfinite(x)) {
      sum += x;
      ++n;
    }
  }
  return n > 0 ? sum / static_cast<double>(n) : kGaitNaN;
}

void finish_bout(WalkingBout& b, std::span<const Stride> strides, std::span<const InitialContact> ics,
                 std::span<const Turn> turns) {
  std::vector<double> cad;
  std::vector<double> len;
  std::vector<double> spd;
  std::vector<double> dur;
  for (std::size_t idx : b.stride_indices) {
    cad.push_back(strides[idx].cadence_spm);
    len.push_back(strides[idx].length_m);
    spd.push_back(strides[idx].speed_mps);
    dur.push_back(strides[idx].duration_s);
  }
  b.n_strides = b.stride_indices.size();
  b.first_stride = b.stride_indices.front();
  b.duration_s = b.end_s - b.start_s;
  b.cadence_spm = mean_of(cad);
  b.stride_length_m = mean_of(len);
  b.walking_speed_mps = mean_of(spd);
  b.stride_time_s = mean_of(dur);
  const std::size_t ic_first = strides[b.stride_indices.front()].first_ic;
  const std::size_t ic_last = strides[b.stride_indices.back()].first_ic + 2;
  b.n_steps = ic_last - ic_first + 1;
  std::vector<double> steps;
  for (std::size_t k = ic_first; k < ic_last; ++k) {
    if (ics[k].gait_sequence == ics[k + 1].gait_sequence) steps.push_back(ics[k + 1].t_s - ics[k].t_s);
  }
  b.step_time_s = mean_of(steps);
  for (const Turn& t : turns) {
    if (t.end_s > b.start_s && t.start_s < b.end_s) b.turns.push_back(t);
  }
}

}  // namespace

std::vector<WalkingBout> assemble_walking_bouts(std::span<const Stride> strides,
                                                std::span<const InitialContact> ics,
                                                std::span<const Turn> turns, const WalkingBoutRules& rules) {
  std::vector<WalkingBout> bouts;
  WalkingBout cur;
  bool open = false;
  auto close = [&](const char* reason) {
    if (open && cur.stride_indices.size() >= rules.min_strides) {
      cur.termination_reason = reason;
      finish_bout(cur, strides, ics, turns);
      bouts.push_back(std::move(cur));
    }
    cur = WalkingBout{};
    open = false;
  };
  for (std::size_t i = 0; i < strides.size(); ++i) {
    const Stride& s = strides[i];
    if (!s.valid) continue;
    if (open && s.start_s - cur.end_s > rules.max_break_s) close("break");
    if (!open) {
      cur.start_s = s.start_s;
      cur.end_s = s.end_s;
      open = true;
    }
    cur.end_s = std::max(cur.end_s, s.end_s);
    cur.stride_indices.push_back(i);
  }
  close("end_of_recording");
  return bouts;
}

std::vector<GaitSecond> per_second_series(std::span<const GaitSequence> sequences,
                                          std::span<const Stride> strides,
                                          std::span<const WalkingBout> bouts) {
  std::vector<GaitSecond> out;
  std::size_t first_stride = 0;
  std::size_t bout = 0;
  long long last_second = -1;
  for (const GaitSequence& gs : sequences) {
    const auto k0 = std::max(static_cast<long long>(std::floor(gs.start_s)), last_second + 1);
    const auto k1 = static_cast<long long>(std::ceil(gs.end_s));
    for (long long k = k0; k < k1; ++k) {
      const double c = static_cast<double>(k) + 0.5;
      GaitSecond sec;
      sec.t_s = static_cast<double>(k);
      while (first_stride < strides.size() && strides[first_stride].end_s <= c) ++first_stride;
      double cad = 0.0;
      double len = 0.0;
      double spd = 0.0;
      std::size_t n = 0;
      std::size_t n_len = 0;
      for (std::size_t j = first_stride; j < strides.size() && strides[j].start_s <= c; ++j) {
        const Stride& s = strides[j];
        if (!s.valid || s.end_s <= c) continue;
        cad += s.cadence_spm;
        ++n;
        if (std::isfinite(s.length_m)) {
          len += s.length_m;
          spd += s.speed_mps;
          ++n_len;
        }
      }
      if (n > 0) sec.cadence_spm = cad / static_cast<double>(n);
      if (n_len > 0) {
        sec.stride_length_m = len / static_cast<double>(n_len);
        sec.walking_speed_mps = spd / static_cast<double>(n_len);
      }
      while (bout < bouts.size() && bouts[bout].end_s <= c) ++bout;
      sec.in_walking_bout = bout < bouts.size() && bouts[bout].start_s <= c;
      out.push_back(sec);
      last_second = k;
    }
  }
  return out;
}

}  // namespace physio::imu
