// physio predict models | train | eval | card: prediction models and their evaluation (docs/models/).
// Exit status: 0 done, 2 usage, 3 missing file, 4 bad data, 6 not assessed (too few cases, one class only).
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "core/civil_date.hpp"
#include "core/file_io.hpp"
#include "predict/card.hpp"
#include "predict/model_json.hpp"
#include "predict/pipeline.hpp"

namespace physio::cli {
namespace {

namespace pr = physio::predict;
namespace fs = std::filesystem;

constexpr int kExitNotAssessed = 6;

struct PredictOptions {
  std::string model{};
  std::vector<std::string> data{};
  std::vector<std::string> validate{};
  std::string split_date{};
  double threshold = 0.0;
  int bootstrap = 1000;
  std::string out{};
  std::string card{};
};

int fail_with(const Error& e) {
  const bool not_assessed = e.code() == ErrorCode::kMissingData && e.message().starts_with("not assessed");
  std::fprintf(stderr, "physio: error: %s\n", e.to_string().c_str());
  return not_assessed ? kExitNotAssessed : exit_code_for(e.code());
}

std::vector<fs::path> paths(const std::vector<std::string>& v) {
  return {v.begin(), v.end()};
}

// Rows of `d` before and from `split_day`.
void split_rows(const pr::DataSet& d, std::int64_t split_day, std::vector<std::size_t>& before,
                std::vector<std::size_t>& after) {
  for (std::size_t r : d.rows) (d.table.day[r] < split_day ? before : after).push_back(r);
}

Result<std::int64_t> parse_split(const std::string& text) {
  auto day = days_from_iso_date(text);
  if (!day) return fail(ErrorCode::kInvalidArgument, "--split-date: '{}' is not a date (YYYY-MM-DD)", text);
  return *day;
}

void print_lines(const std::vector<std::string>& lines) {
  for (const std::string& l : lines) std::printf("%s\n", l.c_str());
}

Status write_outputs(const pr::Model& m, const PredictOptions& o) {
  if (!o.out.empty()) PHYSIO_TRY(save_file_atomic(o.out, pr::model_to_json(m).dump(2) + "\n"));
  if (!o.card.empty()) PHYSIO_TRY(save_file_atomic(o.card, pr::model_card_markdown(m)));
  return ok();
}

int run_train(const PredictOptions& o) {
  auto def = pr::find_model_def(o.model);
  if (!def) return fail_with(def.error());
  auto data = pr::load_dataset(**def, paths(o.data));
  if (!data) return fail_with(data.error());
  std::vector<std::size_t> train = data->rows;
  std::vector<std::size_t> test;
  std::optional<pr::DataSet> later;
  if (!o.split_date.empty()) {
    auto day = parse_split(o.split_date);
    if (!day) return fail_with(day.error());
    train.clear();
    split_rows(*data, *day, train, test);
  } else if (!o.validate.empty()) {
    auto v = pr::load_dataset(**def, paths(o.validate));
    if (!v) return fail_with(v.error());
    later = std::move(*v);
    test = later->rows;
  }
  pr::TrainOptions to;
  to.threshold = o.threshold;
  auto model = pr::train_model(**def, *data, train, to);
  if (!model) return fail_with(model.error());
  std::printf("%s: %s\ntrained on %zu cases (%s to %s), penalty %g\n", model->name.c_str(),
              model->version.c_str(), model->training.rows, model->training.first_day.c_str(),
              model->training.last_day.c_str(), model->training.l2);
  if (!test.empty()) {
    pr::EvaluationOptions eo;
    eo.bootstrap = o.bootstrap;
    auto rep = pr::validate_model(*model, later ? *later : *data, test, eo);
    if (!rep) return fail_with(rep.error());
    model->validation = rep->json;
    std::printf("validated on the later period:\n");
    print_lines(rep->lines);
  }
  if (!model->training.shippable) std::printf("note: %s\n", model->training.licence.c_str());
  if (auto s = write_outputs(*model, o); !s) return fail_with(s.error());
  return 0;
}

// Measures `m` on `rows` of `d`, prints the figures and writes the report when asked.
int measure(const pr::Model& m, const pr::DataSet& d, const std::vector<std::size_t>& rows,
            const PredictOptions& o) {
  pr::EvaluationOptions eo;
  eo.bootstrap = o.bootstrap;
  auto rep = pr::validate_model(m, d, rows, eo);
  if (!rep) return fail_with(rep.error());
  print_lines(rep->lines);
  if (!o.out.empty()) {
    if (auto s = save_file_atomic(o.out, nlohmann::json::parse(rep->json).dump(2) + "\n"); !s)
      return fail_with(s.error());
  }
  return 0;
}

int run_eval(const PredictOptions& o) {
  const bool from_file = o.model.ends_with(".json") || fs::exists(o.model);
  std::optional<pr::Model> model;
  const pr::ModelDef* def = nullptr;
  if (from_file) {
    auto text = load_text_file(o.model);
    if (!text) return fail_with(text.error());
    auto m = pr::parse_model(*text);
    if (!m) return fail_with(std::move(m.error()).with_context(o.model));
    auto d = pr::find_model_def(m->name);
    if (!d) return fail_with(std::move(d.error()).with_context(o.model));
    def = *d;
    model = std::move(*m);
  } else {
    auto d = pr::find_model_def(o.model);
    if (!d) return fail_with(d.error());
    def = *d;
  }
  auto data = pr::load_dataset(*def, paths(o.data));
  if (!data) return fail_with(data.error());
  if (!o.validate.empty()) {
    // Fitted on --data (or the model file as it is), measured on the later --validate files.
    auto later = pr::load_dataset(*def, paths(o.validate));
    if (!later) return fail_with(later.error());
    if (!model) {
      auto m = pr::train_model(*def, *data, data->rows, {});
      if (!m) return fail_with(m.error());
      model = std::move(*m);
    }
    return measure(*model, *later, later->rows, o);
  }
  std::vector<std::size_t> before;
  std::vector<std::size_t> after;
  std::int64_t split = 0;
  if (!o.split_date.empty()) {
    auto day = parse_split(o.split_date);
    if (!day) return fail_with(day.error());
    split = *day;
  } else if (!model) {
    split = pr::day_splitting(*data, 0.65);
  }
  split_rows(*data, split, before, after);
  if (after.empty())
    return fail_with(
        Error(ErrorCode::kMissingData,
              "not assessed: every case falls before the split day; give --split-date, or a later "
              "period's file with --validate"));
  if (!model) {
    // The method's check: fitted on the earlier rows, measured on the later ones.
    auto m = pr::train_model(*def, *data, before, {});
    if (!m) return fail_with(m.error());
    std::printf("%s fitted on %zu cases (%s to %s), penalty %g\n", m->name.c_str(), m->training.rows,
                m->training.first_day.c_str(), m->training.last_day.c_str(), m->training.l2);
    model = std::move(*m);
  }
  return measure(*model, *data, after, o);
}

int run_card(const PredictOptions& o) {
  auto text = load_text_file(o.model);
  if (!text) return fail_with(text.error());
  auto m = pr::parse_model(*text);
  if (!m) return fail_with(std::move(m.error()).with_context(o.model));
  const std::string md = pr::model_card_markdown(*m);
  if (o.out.empty()) {
    std::fputs(md.c_str(), stdout);
    return 0;
  }
  if (auto s = save_file_atomic(o.out, md); !s) return fail_with(s.error());
  return 0;
}

}  // namespace

void add_predict_command(CLI::App& app) {
  auto* predict =
      app.add_subcommand("predict", "Prediction models: train, evaluate and describe them (docs/models/)");
  predict->require_subcommand(1, 1);
  auto opts = std::make_shared<PredictOptions>();

  auto* models = predict->add_subcommand("models", "List the models and the data each is trained on");
  models->callback([] {
    for (const pr::ModelDef& d : pr::model_defs())
      std::printf("%-17s %-9s %-11s %s\n", d.name.c_str(), d.kind.c_str(), d.data.c_str(), d.title.c_str());
    set_exit(0);
  });

  auto* train = predict->add_subcommand(
      "train", "Fit a model on a data file; with --split-date or --validate, check it on the later period");
  train->add_option("--model", opts->model, "Model name (physio predict models)")->required();
  train
      ->add_option(
          "--data", opts->data,
          "Data file(s): an appointment history CSV (the clinic's export or the public no-show set), or NHS "
          "PROMs pack CSV/zip files")
      ->required();
  train->add_option("--validate", opts->validate, "Later data file(s) to validate on (PROMs: a later year)");
  train->add_option("--split-date", opts->split_date,
                    "Train on cases before this day (YYYY-MM-DD), validate on the rest");
  train->add_option("--threshold", opts->threshold, "Flag at or above this risk (default: the model's)")
      ->check(CLI::Range(0.0, 1.0));
  train->add_option("--bootstrap", opts->bootstrap, "Bootstrap resamples for the AUC interval")
      ->check(CLI::Range(10, 100000));
  train->add_option("-o,--output", opts->out, "Write the model JSON here")->required();
  train->add_option("--card", opts->card, "Write the model card (Markdown) here");
  train->callback([opts] { set_exit(run_train(*opts)); });

  auto* eval = predict->add_subcommand("eval",
                                       "Measure a model file on data, or a model's method (fitted on the "
                                       "earlier part, measured on the later)");
  eval->add_option("--model", opts->model, "Model name or model JSON file")->required();
  eval->add_option("--data", opts->data, "Data file(s), as for train")->required();
  eval->add_option("--validate", opts->validate,
                   "Later data file(s) to measure on (with a model name: fitted on --data first)");
  eval->add_option("--split-date", opts->split_date,
                   "Measure on cases from this day (YYYY-MM-DD); with a model name, fit on the earlier ones");
  eval->add_option("--bootstrap", opts->bootstrap, "Bootstrap resamples for the AUC interval")
      ->check(CLI::Range(10, 100000));
  eval->add_option("-o,--output", opts->out, "Write the report JSON here");
  eval->callback([opts] { set_exit(run_eval(*opts)); });

  auto* card = predict->add_subcommand("card", "Write a model file's card (Markdown)");
  card->add_option("model", opts->model, "Model JSON file")->required();
  card->add_option("-o,--output", opts->out, "Write here instead of standard output");
  card->callback([opts] { set_exit(run_card(*opts)); });
}

}  // namespace physio::cli
