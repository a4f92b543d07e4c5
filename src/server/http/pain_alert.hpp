#pragma once
/// A pain report's consequences, the same wherever it is made (an exercise log, the morning question, the
/// answers after a live set): the advice the patient reads in the answer and, from 7/10, the automatic alert
/// the physiotherapist finds in the patient's conversation at once (rehab/pain_advice.hpp;
/// docs/metrics/caseload.md, "Pain advice").

#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "clinic/records.hpp"
#include "rehab/pain_advice.hpp"
#include "server/http/context.hpp"
#include "store/tx.hpp"

namespace physio::server {

/// The sender of the automatic pain alert in a patient's conversation.
inline constexpr const char* kPainAlertSender = "system:pain-alert";

/// The advice as JSON ({"stop", "title", "text"}) or null; at stop level the alert message is written in
/// `tx`, with its audit event. `exercise_name` is the exercise in words ("" for the morning question).
Result<nlohmann::json> pain_response(store::Tx& tx, RequestContext& ctx, const clinic::Patient& patient,
                                     std::optional<double> nprs, rehab::PainWhen when,
                                     std::string_view exercise_name);

}  // namespace physio::server
