#pragma once
/// The models physiokit knows, the data each is trained on, and one training-and-validation run: what
/// `physio predict train|eval` and the server's nightly training both call.
///
///   noshow          risk of not attending, per appointment (a clinic's history; the public 2016 set for
///                   the method's benchmark only)
///   dropout         risk of stopping a home program (14 days without exercise within two weeks), per
///                   active program and day (a clinic's own programs, on its server)
///   knee_nonresponse  Oxford Knee Score gain below 5 points 6 months after a primary knee replacement (not a
///                     responder; NHS PROMs)
///   hip_nonresponse   the same for the Oxford Hip Score after a primary hip replacement
///   knee_score_6m   the expected Oxford Knee Score at 6 months, with an 80 % interval
///   hip_score_6m    the same for the hip

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "predict/metrics.hpp"
#include "predict/model.hpp"
#include "predict/train.hpp"

namespace physio::predict {

struct ModelDef {
  std::string name{};
  std::string title{};
  std::string outcome{};
  std::string kind{};  ///< "logistic" or "linear"
  std::string unit{};
  double threshold = 0.5;
  std::string data{};                   ///< "appointments", "proms-knee", "proms-hip"
  std::vector<std::string> required{};  ///< features without which a case is not assessed
};

const std::vector<ModelDef>& model_defs();
Result<const ModelDef*> find_model_def(std::string_view name);

struct DataSet {
  Table table{};
  std::vector<std::size_t> rows{};  ///< rows with an outcome (the ones to train or evaluate on)
  std::string source{};             ///< files, place and dates in words
  std::string licence{};
  bool shippable = false;
  std::vector<std::string> notes{};
  /// A published model's prediction per row to compare with (NHS Digital's case-mix model for PROMs: the
  /// predicted gain for responders, the predicted score for scores); empty when there is none.
  std::vector<double> comparison{};
  std::string comparison_name{};
};

/// Reads `files` (all of one kind) for the model.
Result<DataSet> load_dataset(const ModelDef& def, const std::vector<std::filesystem::path>& files);

/// The day that puts about `fraction` of the rows before it (a default time split).
std::int64_t day_splitting(const DataSet& d, double fraction);

/// Trains on `rows` of `d` (logistic or linear as the definition says).
Result<Model> train_model(const ModelDef& def, const DataSet& d, const std::vector<std::size_t>& rows,
                          const TrainOptions& options);

/// Evaluates `m` on `rows` of `d`: risks (AUC with its interval, Brier, calibration, decision curve,
/// subgroups) or scores (MAE, RMSE, R^2, interval coverage, per subgroup), with the published model on the
/// same rows where `d` has one. Returns the report as JSON text and a few lines for a terminal.
struct ValidationReport {
  std::string json{};
  std::vector<std::string> lines{};
};
Result<ValidationReport> validate_model(const Model& m, const DataSet& d,
                                        const std::vector<std::size_t>& rows,
                                        const EvaluationOptions& options);

}  // namespace physio::predict
