#pragma once
/// What the outcome-measure routes share (api_questionnaires.cpp, api_questionnaire_links.cpp): the
/// instrument library, instruments as JSON, the answers of a body scored with the answer at fault named, the
/// body fields, and the episode a response is for checked to be the patient's. Scoring itself is the
/// measures module's.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "clinic/records.hpp"
#include "measures/library.hpp"
#include "measures/score.hpp"
#include "server/http/body_schema.hpp"
#include "server/http/context.hpp"

namespace physio::server::questionnaire {

inline constexpr std::size_t kMaxAnswers = 100;
inline constexpr std::uint64_t kMaxResponseBody = 4 * 1024;
inline constexpr std::uint64_t kMaxLinkBody = 1024;
inline constexpr TimeUs kDayUs = 86'400 * kUsPerSecond;
inline constexpr const char* kLocalCodeSystem = "http://physiokit.org/fhir/CodeSystem/measures";

/// Observations an analysed recording stores that are a performance test's result.
struct PerformanceCode {
  const char* system;
  const char* code;
  const char* instrument;
};
inline constexpr PerformanceCode kPerformanceCodes[] = {
    {"http://loinc.org", "89423-8", "tug"},
    {kLocalCodeSystem, "five-times-sit-to-stand", "five_times_sts"},
    {"http://loinc.org", "66247-8", "chair_stand_30s"},
    {kLocalCodeSystem, "gait-speed", "gait_speed_10mwt"},
};

/// The measure library (null, logged, when it cannot be loaded).
const measures::MeasureLibrary* library();
const measures::Instrument* find_instrument(std::string_view id);
std::string unknown_instrument_problem(std::string_view id);
nlohmann::json instrument_json(const measures::Instrument& in);
/// "higher_better" or "lower_better".
const char* direction_name(measures::Direction d);

/// The answers of a body: an array of numbers or nulls (checked by the schema before the handler).
std::vector<std::optional<double>> answers_of(const nlohmann::json& a);
/// Scores `answers` on `in`: the score, or the 400 naming the answer.
std::variant<measures::Score, net::Response> score_answers(const measures::Instrument& in,
                                                           const std::vector<std::optional<double>>& answers);

FieldSpec answers_field();
FieldSpec instrument_field();
FieldSpec episode_field();

/// The episode named in the body, checked to be the patient's; the 400 otherwise.
std::optional<net::Response> check_episode(RequestContext& ctx, const clinic::Patient& p,
                                           std::optional<std::string>& out);

}  // namespace physio::server::questionnaire
