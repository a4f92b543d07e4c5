#pragma once
/// NHS PROMs record files for hip and knee replacement (NHS Digital's CSV data packs, Open Government
/// Licence v3.0): one record per operation with the pre-operative answers, the 6-month answers and NHS
/// Digital's own case-mix prediction. Codes follow the packs' footnotes: 9 (or 999 for the EQ VAS) is
/// "not answered"; `*` marks a suppressed age band or gender.
///
/// Two targets, both known only 6 months after the operation and predicted from what is known before it:
///  - responder: Oxford Knee/Hip Score gain of at least 5 points (the usual minimal important change);
///  - post_score: the Oxford score at 6 months (0-48, higher is better).

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "predict/table.hpp"

namespace physio::predict {

enum class Joint { kHip, kKnee };

inline constexpr double kOxfordMic = 5.0;  ///< points: minimal important change of the Oxford Hip/Knee Score
inline constexpr std::size_t kComorbidities = 12;

struct PromsRecord {
  Joint joint = Joint::kKnee;
  std::string year{};               ///< "2016/17"
  std::int64_t year_start_day = 0;  ///< 1 April of the year's start, as a day number
  bool revision = false;
  std::string provider{};
  std::string age_band{};  ///< "70 to 79"; "" when suppressed
  std::string sex{};       ///< "male", "female", "" when suppressed
  double pre_score = 0.0;
  double post_score = 0.0;
  double nhs_predicted_post = 0.0;  ///< NaN when the pack gives none
  double eq5d_index = 0.0;          ///< NaN when not answered
  double eq_vas = 0.0;              ///< NaN when not answered
  int symptom_period = 0;           ///< 1 <1 year, 2 1-5 years, 3 6-10 years, 4 >10 years; 0 not answered
  int previous_surgery = -1;        ///< 1 yes, 0 no, -1 not answered
  int living_alone = -1;
  int disability = -1;
  int anxiety = 0;                                ///< EQ-5D anxiety/depression 1-3; 0 not answered
  int pain_item = -1;                             ///< the score's pain item 0-4; -1 not answered
  int night_pain = -1;                            ///< 0-4; -1
  std::array<int, kComorbidities> comorbidity{};  ///< 1 ticked, 0 not
  std::array<int, 12> items{};     ///< the score's 12 items before the operation, 0-4; -1 not answered
  std::array<int, 5> eq5d_dims{};  ///< EQ-5D mobility, self-care, activity, discomfort, anxiety 1-3; 0
  std::size_t line = 0;
};

struct PromsData {
  std::vector<PromsRecord> records{};
  std::vector<std::string> notes{};  ///< records left out and why
};

/// Reads one pack's CSV text. Revisions and records without both Oxford scores are left out (counted).
Result<PromsData> parse_proms_csv(std::string_view text);
/// Reads a pack's .csv, or the .csv inside its .zip as published.
Result<PromsData> load_proms(const std::filesystem::path& path);

/// kNoImprovement: 1 when the score gained less than the minimal important change (not a responder).
enum class PromsTarget { kNoImprovement, kPostScore };

/// One row per record: features known before the operation, the target, the year as the prediction day,
/// the provider as the group (no person identifier is published), subgroups age band, sex and severity.
Table proms_table(const std::vector<PromsRecord>& records, PromsTarget target);

/// NHS Digital's case-mix prediction of each record's gain (predicted post-operative score minus the pre-
/// operative score), NaN where the pack gives none: the published model to compare against. Lower predicted
/// gain ranks a case as more likely not to improve.
std::vector<double> nhs_predicted_gain(const std::vector<PromsRecord>& records);

}  // namespace physio::predict
