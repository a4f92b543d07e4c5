// physio imu flags: changes of a person's measures against their own baseline, read from the result files
// of `physio imu gait|sts|tug|sway|rom -o` (or a list of dated results), summarised in words.
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/imu_common.hpp"
#include "core/file_io.hpp"
#include "imu/functional/change_flags.hpp"
#include "imu/functional/metric_vocabulary.hpp"

namespace physio::cli {
namespace {

namespace fs = std::filesystem;

// The day of a result file: its "date" (from --date), else a YYYY-MM-DD in its file name.
Result<std::string> result_date(const std::string& path, const nlohmann::json& j) {
  if (j.contains("date") && j["date"].is_string()) {
    const auto d = j["date"].get<std::string>();
    if (auto day = imu::parse_iso_date_days(d); !day)
      return std::unexpected(std::move(day.error()).with_context(fmt::format("reading {}: \"date\"", path)));
    return d;
  }
  const std::string name = fs::path(path).filename().string();
  for (std::size_t i = 0; i + 10 <= name.size(); ++i) {
    const std::string candidate = name.substr(i, 10);
    if (imu::parse_iso_date_days(candidate)) return candidate;
  }
  return fail(ErrorCode::kInvalidArgument,
              "{}: no date: run the analysis with --date YYYY-MM-DD, or put the date in the file name "
              "(e.g. 2026-03-01_gait.json)",
              path);
}

// Adds one file: a result of `physio imu ... -o` or a request {"results": [...], "thresholds", "options"}.
Status add_file(const std::string& path, imu::ChangeFlagRequest& all, bool& have_request_options) {
  auto text = PHYSIO_TRY(load_text_file(path));
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) return fail(ErrorCode::kParse, "reading {}: not valid JSON", path);
  if (j.is_object() && j.contains("results")) {
    auto parsed = imu::change_flag_request_from_json(j);
    if (!parsed) return std::unexpected(std::move(parsed.error()).with_context("reading " + path));
    auto& req = *parsed;
    for (auto& r : req.results) all.results.push_back(std::move(r));
    all.thresholds = std::move(req.thresholds);
    all.options = req.options;
    have_request_options = true;
    return ok();
  }
  if (!j.is_object() || (!j.contains("metrics") && !j.contains("valid")))
    return fail(
        ErrorCode::kParse,
        "reading {}: not a result of `physio imu gait|sts|tug|sway|rom -o` (no \"metrics\") nor a list "
        "of dated results ({{\"results\": [...]}}); results written by earlier versions: run the "
        "analysis again",
        path);
  const std::string measure = j.value("measure", std::string("result"));
  if (!j.value("valid", true) || !j.contains("metrics")) {
    std::printf("%s: %s not measured (the recording did not meet the test's conditions); left out\n",
                path.c_str(), measure.c_str());
    return ok();
  }
  const std::string date = PHYSIO_TRY(result_date(path, j));
  const auto& metrics = j["metrics"];
  if (!metrics.is_object()) return fail(ErrorCode::kParse, "reading {}: \"metrics\" must be an object", path);
  for (const auto& [name, entry] : metrics.items()) {
    if (!entry.is_object() || !entry.contains("value") || !entry["value"].is_number())
      return fail(ErrorCode::kParse, "reading {}: metrics.{}: expected {{\"value\": number, \"unit\": text}}",
                  path, name);
    all.results.push_back({date, name, entry["value"].get<double>()});
  }
  return ok();
}

std::string number(double v) {
  return fmt::format("{:.3g}", v);
}

void print_report(const imu::ChangeReport& rep, const std::vector<imu::ChangeThreshold>& thresholds) {
  auto unit_of = [&](const std::string& metric) {
    for (const auto& t : thresholds)
      if (t.metric == metric) return t.unit;
    const auto def = imu::find_metric(metric);
    return def ? std::string(def->unit) : std::string();
  };
  for (const auto& m : rep.metrics) {
    const auto def = imu::find_metric(m.metric);
    const std::string label = def ? fmt::format("{} ({})", def->label, m.metric) : m.metric;
    const std::string unit = unit_of(m.metric);
    if (!m.evaluated) {
      std::printf("%s: %d value%s, not compared: %s\n", label.c_str(), m.n_values, m.n_values == 1 ? "" : "s",
                  m.reason.c_str());
      continue;
    }
    const imu::ChangeFlag* flag = nullptr;
    for (const auto& f : rep.flags)
      if (f.metric == m.metric) flag = &f;
    std::printf("%s: baseline %s %s (%d values), now %s %s, change %+.3g %s: %s\n", label.c_str(),
                number(m.baseline).c_str(), unit.c_str(), m.n_baseline, number(m.current).c_str(),
                unit.c_str(), m.change, unit.c_str(),
                flag == nullptr
                    ? fmt::format("within the threshold of {} {}", number(m.threshold), unit).c_str()
                    : fmt::format("{} beyond the {} of {} {} ({})", flag->kind, flag->threshold_kind,
                                  number(flag->threshold), unit, flag->source)
                          .c_str());
    if (flag != nullptr && !flag->note.empty()) std::printf("  note: %s\n", flag->note.c_str());
  }
  if (rep.metrics.empty()) std::printf("no results to compare\n");
}

int run_flags(const std::vector<std::string>& paths, const std::string& output) {
  imu::ChangeFlagRequest req;
  req.thresholds = imu::default_change_thresholds();
  bool have_request_options = false;
  for (const auto& p : paths)
    if (auto st = add_file(p, req, have_request_options); !st) return report_error(st.error());
  auto rep = imu::compute_change_flags(req.results, req.thresholds, req.options);
  if (!rep) return report_error(rep.error());
  print_report(*rep, req.thresholds);
  if (!output.empty()) {
    const nlohmann::json out = imu::change_report_to_json(*rep);
    if (auto st = write_output(output, out.dump(2) + "\n", "change flags JSON"); !st)
      return report_error(st.error());
  }
  return 0;
}

}  // namespace

void add_imu_flags_command(CLI::App& imu) {
  auto paths = std::make_shared<std::vector<std::string>>();
  auto out = std::make_shared<std::string>();
  auto* sub = imu.add_subcommand("flags",
                                 "Flag changes beyond the minimal (clinically important or detectable) "
                                 "change against a personal baseline");
  sub->add_option(
         "results", *paths,
         "Result files of `physio imu gait|sts|tug|sway|rom -o` (dated with --date or by a "
         "YYYY-MM-DD in the file name), or JSON lists of dated results (docs/metrics/imu-functional.md)")
      ->required();
  sub->add_option("-o,--output", *out, "Write the comparison as JSON to this file");
  sub->callback([paths, out] { set_exit(run_flags(*paths, *out)); });
}

}  // namespace physio::cli
