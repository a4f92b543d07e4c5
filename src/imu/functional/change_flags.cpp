#include "imu/functional/change_flags.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>

#include <nlohmann/json.hpp>

#include "core/civil_date.hpp"
#include "imu/functional/metric_vocabulary.hpp"
#include "imu/functional/signal_ops.hpp"

namespace physio::imu {

namespace {

constexpr double kMadToSd = 1.4826;  // robust SD of normal data from the median absolute deviation
constexpr double kNoiseZ = 1.96;

// The vocabulary's name for a metric (an earlier spelling becomes today's); other names stay as given.
std::string canonical_metric(const std::string& name) {
  const auto def = find_metric(name);
  return def ? std::string(def->name) : name;
}

std::string better_name(BetterDirection b) {
  return b == BetterDirection::kHigher ? "higher" : "lower";
}

}  // namespace

std::vector<ChangeThreshold> default_change_thresholds() {
  return {
      {"walking_speed_mps", 0.10, BetterDirection::kHigher, "MCID", "m/s",
       "Perera et al. 2006, J Am Geriatr Soc 54(5):743 (older adults; substantial meaningful change 0.10 "
       "m/s, "
       "small 0.05 m/s)"},
      {"five_times_sit_to_stand_s", 2.3, BetterDirection::kLower, "MCID", "s",
       "Meretta et al. 2006, J Vestib Res 16(4-5):233 (vestibular disorders; MCID 2.3 s)"},
      {"tug_s", 1.14, BetterDirection::kLower, "MDC", "s",
       "Alghadir et al. 2015, BMC Musculoskelet Disord 16:174 (knee osteoarthritis, 45-70 years; MDC 1.10 s "
       "single rater, 1.14 s between raters); other populations differ (e.g. larger after stroke)"},
      {"chair_stand_30s_reps", 2.0, BetterDirection::kHigher, "MCID", "{stands}",
       "Wright et al. 2011, J Orthop Sports Phys Ther 41(5):319 (hip osteoarthritis; about 2 stands) - "
       "verify "
       "for other populations"},
  };
}

Result<long> parse_iso_date_days(const std::string& date) {
  auto bad = [&]() {
    return fail(ErrorCode::kInvalidArgument, "date '{}' is not a valid YYYY-MM-DD calendar date", date);
  };
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return bad();
  long y = 0;
  unsigned m = 0, d = 0;
  const char* s = date.data();
  if (std::from_chars(s, s + 4, y).ptr != s + 4) return bad();
  if (std::from_chars(s + 5, s + 7, m).ptr != s + 7) return bad();
  if (std::from_chars(s + 8, s + 10, d).ptr != s + 10) return bad();
  // Four characters: -999 to 9999, within the helper's years.
  const int year = static_cast<int>(y);
  if (!is_valid_date(year, m, d)) return bad();
  return days_from_civil(year, m, d);
}

Result<ChangeReport> compute_change_flags(const std::vector<DatedResult>& results,
                                          const std::vector<ChangeThreshold>& thresholds,
                                          const ChangeFlagOptions& o) {
  if (o.baseline_days < 1 || o.min_baseline_values < 1 || o.current_count < 1) {
    return fail(ErrorCode::kInvalidArgument,
                "change-flag options: baseline_days, min_baseline_values and current_count must be >= 1");
  }
  struct Item {
    long day;
    std::size_t order;
    double value;
    std::string date;
  };
  std::map<std::string, std::vector<Item>> by_metric;
  for (std::size_t i = 0; i < results.size(); ++i) {
    const auto& r = results[i];
    if (r.metric.empty()) return fail(ErrorCode::kInvalidArgument, "result {}: empty metric name", i);
    if (!std::isfinite(r.value)) {
      return fail(ErrorCode::kInvalidArgument, "result {} ({} on {}): value is not a finite number", i,
                  r.metric, r.date);
    }
    auto day = parse_iso_date_days(r.date);
    if (!day) return std::unexpected(std::move(day.error()).with_context(fmt::format("result {}", i)));
    by_metric[canonical_metric(r.metric)].push_back({*day, i, r.value, r.date});
  }
  std::map<std::string, ChangeThreshold> table;
  for (const auto& t : thresholds) {
    if (!(t.threshold > 0.0) || !std::isfinite(t.threshold)) {
      return fail(ErrorCode::kInvalidArgument, "threshold for '{}' must be a positive number, got {}",
                  t.metric, t.threshold);
    }
    table[canonical_metric(t.metric)] = t;
  }

  ChangeReport rep;
  for (auto& [metric, items] : by_metric) {
    std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) { return a.day < b.day; });
    MetricSummary s;
    s.metric = metric;
    s.n_values = static_cast<int>(items.size());
    const auto th = table.find(metric);
    if (th == table.end()) {
      s.reason = "no threshold for this metric";
      rep.metrics.push_back(s);
      continue;
    }
    s.threshold = th->second.threshold;
    const auto n_cur = static_cast<std::size_t>(o.current_count);
    if (items.size() <= n_cur) {
      s.reason = fmt::format("{} value(s): need more than the {} current value(s)", items.size(), n_cur);
      rep.metrics.push_back(s);
      continue;
    }
    const std::size_t cur_begin = items.size() - n_cur;
    std::vector<double> base;
    if (o.baseline_mode == BaselineMode::kFirstDays) {
      const long end_day = items.front().day + o.baseline_days;
      for (std::size_t i = 0; i < cur_begin; ++i)
        if (items[i].day < end_day) base.push_back(items[i].value);
    } else {
      const long cur_day = items[cur_begin].day;
      for (std::size_t i = 0; i < cur_begin; ++i)
        if (items[i].day >= cur_day - o.baseline_days && items[i].day < cur_day)
          base.push_back(items[i].value);
    }
    s.n_baseline = static_cast<int>(base.size());
    if (base.size() < static_cast<std::size_t>(o.min_baseline_values)) {
      s.reason = fmt::format("{} baseline value(s), need {}", base.size(), o.min_baseline_values);
      rep.metrics.push_back(s);
      continue;
    }
    std::vector<double> cur;
    for (std::size_t i = cur_begin; i < items.size(); ++i) cur.push_back(items[i].value);
    s.baseline = functional::median_of(base);
    std::vector<double> dev;
    for (double v : base) dev.push_back(std::abs(v - s.baseline));
    s.baseline_robust_sd = kMadToSd * functional::median_of(dev);
    s.current = functional::median_of(cur);
    s.change = s.current - s.baseline;
    s.evaluated = true;
    rep.metrics.push_back(s);

    const auto& t = th->second;
    const double signed_gain = t.better == BetterDirection::kHigher ? s.change : -s.change;
    const bool worse = signed_gain < -t.threshold;
    const bool better = signed_gain > t.threshold;
    if (!worse && !(better && o.report_improvements)) continue;
    ChangeFlag f;
    f.metric = metric;
    f.kind = worse ? "worsened" : "improved";
    f.date = items.back().date;
    f.baseline = s.baseline;
    f.current = s.current;
    f.change = s.change;
    f.threshold = t.threshold;
    f.better = better_name(t.better);
    f.threshold_kind = t.kind;
    f.unit = t.unit;
    f.source = t.source;
    if (kNoiseZ * s.baseline_robust_sd > t.threshold) {
      f.note = fmt::format(
          "baseline varies more than the threshold (1.96 x robust SD = {:.3g} {} > {:.3g}): confirm with a "
          "repeat",
          kNoiseZ * s.baseline_robust_sd, t.unit, t.threshold);
    }
    rep.flags.push_back(f);
  }
  return rep;
}

Result<ChangeFlagRequest> change_flag_request_from_json(const nlohmann::json& j) {
  ChangeFlagRequest req;
  req.thresholds = default_change_thresholds();
  if (!j.is_object()) return fail(ErrorCode::kParse, "change-flag request must be a JSON object");
  if (!j.contains("results") || !j["results"].is_array()) {
    return fail(ErrorCode::kParse, "change-flag request needs a \"results\" array");
  }
  const auto& arr = j["results"];
  for (std::size_t i = 0; i < arr.size(); ++i) {
    const auto& e = arr[i];
    if (!e.is_object() || !e.contains("date") || !e["date"].is_string() || !e.contains("metric") ||
        !e["metric"].is_string() || !e.contains("value") || !e["value"].is_number()) {
      return fail(ErrorCode::kParse,
                  "results[{}]: expected {{\"date\": \"YYYY-MM-DD\", \"metric\": string, \"value\": number}}",
                  i);
    }
    req.results.push_back({e["date"].get<std::string>(), canonical_metric(e["metric"].get<std::string>()),
                           e["value"].get<double>()});
  }
  if (j.contains("thresholds")) {
    const auto& ts = j["thresholds"];
    if (!ts.is_array()) return fail(ErrorCode::kParse, "\"thresholds\" must be an array");
    for (std::size_t i = 0; i < ts.size(); ++i) {
      const auto& e = ts[i];
      if (!e.is_object() || !e.contains("metric") || !e["metric"].is_string() || !e.contains("threshold") ||
          !e["threshold"].is_number() || !e.contains("better") || !e["better"].is_string()) {
        return fail(ErrorCode::kParse,
                    "thresholds[{}]: expected {{\"metric\": string, \"threshold\": number, \"better\": "
                    "\"higher\"|\"lower\"}}",
                    i);
      }
      ChangeThreshold t;
      t.metric = canonical_metric(e["metric"].get<std::string>());
      t.threshold = e["threshold"].get<double>();
      const auto b = e["better"].get<std::string>();
      if (b != "higher" && b != "lower") {
        return fail(ErrorCode::kParse, "thresholds[{}].better must be \"higher\" or \"lower\", got \"{}\"", i,
                    b);
      }
      t.better = b == "higher" ? BetterDirection::kHigher : BetterDirection::kLower;
      t.kind = e.value("kind", std::string("user"));
      t.unit = e.value("unit", std::string());
      t.source = e.value("source", std::string("user-supplied"));
      std::erase_if(req.thresholds, [&](const ChangeThreshold& x) { return x.metric == t.metric; });
      req.thresholds.push_back(t);
    }
  }
  if (j.contains("options")) {
    const auto& op = j["options"];
    if (!op.is_object()) return fail(ErrorCode::kParse, "\"options\" must be an object");
    try {
      if (op.contains("baseline_mode")) {
        const auto m = op["baseline_mode"].get<std::string>();
        if (m != "first_days" && m != "rolling") {
          return fail(ErrorCode::kParse,
                      "options.baseline_mode must be \"first_days\" or \"rolling\", got \"{}\"", m);
        }
        req.options.baseline_mode = m == "rolling" ? BaselineMode::kRolling : BaselineMode::kFirstDays;
      }
      req.options.baseline_days = op.value("baseline_days", req.options.baseline_days);
      req.options.min_baseline_values = op.value("min_baseline_values", req.options.min_baseline_values);
      req.options.current_count = op.value("current_count", req.options.current_count);
      req.options.report_improvements = op.value("report_improvements", req.options.report_improvements);
    } catch (const nlohmann::json::exception& e) {
      return fail(ErrorCode::kParse, "options: {}", e.what());
    }
  }
  return req;
}

nlohmann::json change_report_to_json(const ChangeReport& r) {
  nlohmann::json metrics = nlohmann::json::array();
  for (const auto& m : r.metrics) {
    nlohmann::json e = {{"metric", m.metric}, {"evaluated", m.evaluated}, {"n_values", m.n_values}};
    if (m.evaluated) {
      e["n_baseline"] = m.n_baseline;
      e["baseline"] = m.baseline;
      e["baseline_robust_sd"] = m.baseline_robust_sd;
      e["current"] = m.current;
      e["change"] = m.change;
      e["threshold"] = m.threshold;
    } else {
      e["reason"] = m.reason;
    }
    metrics.push_back(e);
  }
  nlohmann::json flags = nlohmann::json::array();
  for (const auto& f : r.flags) {
    nlohmann::json e = {
        {"metric", f.metric},       {"kind", f.kind},       {"date", f.date},
        {"baseline", f.baseline},   {"current", f.current}, {"change", f.change},
        {"threshold", f.threshold}, {"better", f.better},   {"threshold_kind", f.threshold_kind},
        {"unit", f.unit},           {"source", f.source}};
    if (!f.note.empty()) e["note"] = f.note;
    flags.push_back(e);
  }
  return {{"metrics", metrics}, {"flags", flags}};
}

}  // namespace physio::imu
