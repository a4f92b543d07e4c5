#pragma once
/// Models and evaluations as JSON (docs/formats/model.md): what `physio predict train` writes and the
/// server loads. Reading checks every field and names the one that is wrong.

#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "core/error.hpp"
#include "predict/metrics.hpp"
#include "predict/model.hpp"

namespace physio::predict {

nlohmann::json model_to_json(const Model& m);
Result<Model> model_from_json(const nlohmann::json& j);
/// Parses and checks a model file's text.
Result<Model> parse_model(std::string_view text);

nlohmann::json evaluation_to_json(const Evaluation& e);

}  // namespace physio::predict
