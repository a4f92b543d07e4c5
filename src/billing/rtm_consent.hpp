#pragma once
/// Consent over time for RTM: monitoring is consented at an instant when the latest consent record
/// at or before that instant is a grant. Data and time recorded while not consented never count.
/// Pure.

#include <optional>
#include <vector>

#include "billing/rtm_inputs.hpp"

namespace physio::billing {

bool consent_active_at(const std::vector<ConsentRecord>& consents, TimeUs t_us);

/// The first grant, if any.
std::optional<TimeUs> first_grant(const std::vector<ConsentRecord>& consents);

/// The first withdrawal that ends an active consent inside [from_us, to_us), if any.
std::optional<TimeUs> withdrawal_within(const std::vector<ConsentRecord>& consents, TimeUs from_us,
                                        TimeUs to_us);

}  // namespace physio::billing
