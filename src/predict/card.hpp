#pragma once
/// The model card (docs/models/<model>.md), written from a trained model and its validation: the items
/// TRIPOD+AI asks a prediction model's report to give (source of data and dates, outcome and horizon,
/// predictors and their timing, missing data, sample size, model and tuning, performance with confidence
/// intervals on a later period, calibration, subgroups, intended and excluded uses, version).

#include <string>

#include "predict/model.hpp"

namespace physio::predict {

std::string model_card_markdown(const Model& m);

}  // namespace physio::predict
