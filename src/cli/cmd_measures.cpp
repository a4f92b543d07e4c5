// physio measures list | score <id> <answers.json> [--explain] | change <id> <baseline.json> <current.json>
// Outcome measures (docs/metrics/outcome-measures.md). Exit status: 0 scored and valid, 5 scored but not
// valid (missing-item rule not met), 2 usage, 3 missing file, 4 bad answers.
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "core/file_io.hpp"
#include "measures/library.hpp"
#include "measures/score.hpp"

namespace physio::cli {
namespace {

using ojson = nlohmann::ordered_json;

// Six decimals: drops floating-point noise (30.000000000000004) without rounding any published value.
double tidy(double v) {
  double r = std::round(v * 1e6) / 1e6;
  return r == 0 ? 0.0 : r;
}

Result<std::vector<std::optional<double>>> load_answers(const std::string& path) {
  std::string text = PHYSIO_TRY(load_text_file(path));
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    return fail(ErrorCode::kParse, "{}: not valid JSON: {}", path, e.what());
  }
  if (!j.is_object() || !j.contains("answers") || !j.at("answers").is_array())
    return fail(ErrorCode::kParse, "{}: expected {{\"answers\": [a1, a2, ...]}}", path);
  std::vector<std::optional<double>> out;
  const auto& arr = j.at("answers");
  for (std::size_t i = 0; i < arr.size(); ++i) {
    if (arr[i].is_null()) {
      out.emplace_back();
    } else if (arr[i].is_number()) {
      out.emplace_back(arr[i].get<double>());
    } else {
      return fail(ErrorCode::kParse, "{}: answers[{}]: expected a number or null, got {}", path, i,
                  arr[i].dump());
    }
  }
  return out;
}

Result<const measures::Instrument*> find_instrument(const std::string& id) {
  const measures::MeasureLibrary* lib = PHYSIO_TRY(measures::default_measure_library());
  return lib->find(id);
}

Result<measures::Score> score_file(const measures::Instrument& in, const std::string& path) {
  auto answers = PHYSIO_TRY(load_answers(path));
  auto s = measures::score(in, answers);
  if (!s) return std::unexpected(std::move(s).error().with_context(path));
  return s;
}

ojson score_json(const measures::Score& s) {
  ojson scores = ojson::object();
  for (const auto& v : s.scores) scores[v.id] = v.value ? ojson(tidy(*v.value)) : ojson(nullptr);
  ojson out;
  out["instrument"] = s.instrument;
  out["scores"] = std::move(scores);
  out["missing"] = s.missing;
  out["valid"] = s.valid;
  out["reason"] = s.reason.empty() ? ojson(nullptr) : ojson(s.reason);
  return out;
}

int usage(const char* msg) {
  std::fprintf(stderr, "physio: error: %s (see `physio measures --help`)\n", msg);
  return 2;
}

int run_list() {
  auto lib = measures::default_measure_library();
  if (!lib) return report_error(lib.error());
  std::printf("%-18s %-13s %-6s %s\n", "id", "kind", "items", "name");
  for (const auto& in : (*lib)->instruments)
    std::printf("%-18s %-13s %-6zu %s\n", in.id.c_str(), in.kind.c_str(), in.items.size(), in.name.c_str());
  return 0;
}

int run_score(const std::string& id, const std::string& path, bool explain) {
  if (id.empty() || path.empty()) return usage("measures score needs an instrument id and an answers file");
  auto in = find_instrument(id);
  if (!in) return report_error(in.error());
  auto s = score_file(**in, path);
  if (!s) return report_error(s.error());
  std::printf("%s\n", score_json(*s).dump(2).c_str());
  if (explain)
    for (const auto& line : measures::interpret(**in, *s)) std::fprintf(stderr, "%s\n", line.c_str());
  return s->valid ? 0 : kExitNotValid;
}

int run_change(const std::string& id, const std::string& baseline_path, const std::string& current_path) {
  if (id.empty() || baseline_path.empty() || current_path.empty())
    return usage("measures change needs an instrument id, a baseline and a current answers file");
  auto in = find_instrument(id);
  if (!in) return report_error(in.error());
  auto b = score_file(**in, baseline_path);
  if (!b) return report_error(b.error());
  auto c = score_file(**in, current_path);
  if (!c) return report_error(c.error());
  auto rep = measures::change_flag(**in, *b, *c);
  ojson changes = ojson::array();
  for (const auto& ch : rep.changes) {
    ojson o;
    o["score"] = ch.score;
    o["baseline"] = tidy(ch.baseline);
    o["current"] = tidy(ch.current);
    o["change"] = tidy(ch.change);
    o["improvement"] = tidy(ch.improvement);
    o["mcid"] = ch.mcid ? ojson(*ch.mcid) : ojson(nullptr);
    o["mdc"] = ch.mdc ? ojson(*ch.mdc) : ojson(nullptr);
    o["verdict"] = measures::verdict_name(ch.verdict);
    o["passes_mcid"] = ch.passes_mcid;
    o["beyond_mdc"] = ch.beyond_mdc;
    o["text"] = ch.text;
    changes.push_back(std::move(o));
  }
  ojson out;
  out["instrument"] = rep.instrument;
  out["changes"] = std::move(changes);
  out["notes"] = rep.notes;
  out["interpretation"] = measures::interpret(**in, *c);
  std::printf("%s\n", out.dump(2).c_str());
  return 0;
}

}  // namespace

void add_measures_command(CLI::App& app) {
  auto* m =
      app.add_subcommand("measures", "Outcome measures: list the instruments, score a response, flag change");
  m->add_subcommand("list", "List the instruments with their ids")->callback([] { set_exit(run_list()); });

  auto id = std::make_shared<std::string>();
  auto file = std::make_shared<std::string>();
  auto explain = std::make_shared<bool>(false);
  auto* sc =
      m->add_subcommand("score", "Score one response: {\"answers\": [...]} in the published item order");
  sc->add_option("id", *id, "Instrument id (see `physio measures list`)");
  sc->add_option("answers", *file, "JSON file {\"answers\": [a1, a2, ...]}, null for a missing item");
  sc->add_flag("--explain", *explain, "Also print the cut-off and norm interpretation to stderr");
  sc->callback([id, file, explain] { set_exit(run_score(*id, *file, *explain)); });

  auto cid = std::make_shared<std::string>();
  auto base = std::make_shared<std::string>();
  auto cur = std::make_shared<std::string>();
  auto* ch = m->add_subcommand("change", "Compare two responses against the instrument's MCID and MDC");
  ch->add_option("id", *cid, "Instrument id");
  ch->add_option("baseline", *base, "Baseline answers JSON");
  ch->add_option("current", *cur, "Current answers JSON");
  ch->callback([cid, base, cur] { set_exit(run_change(*cid, *base, *cur)); });

  m->callback([m] {
    if (m->get_subcommands().empty()) set_exit(usage("measures needs a subcommand: list, score or change"));
  });
}

}  // namespace physio::cli
