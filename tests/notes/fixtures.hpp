#pragma once
// Three visits as a clinic would record them, for the draft's golden files:
//  - knee_oa_improving: right knee osteoarthritis, pain settling, good adherence, LEFS past its MCID,
//    a progression approved and one waiting, a next appointment, visit 8 of 10;
//  - low_back_pain_worsening: rising morning pain above 5/10, poor adherence, ODI worse by its MCID, a
//    regression waiting, no next appointment, the progress report and re-certification overdue;
//  (both at a clinic billing US Medicare, so the reminders apply; daily notes)
//  - no_data: a new episode with nothing recorded.

#include "core/time.hpp"
#include "notes/draft.hpp"

namespace physio::notes::test {

/// UTC instant of a calendar date and time.
TimeUs utc(const char* date, int hour = 0, int minute = 0);

VisitInput knee_oa_improving();
VisitInput low_back_pain_worsening();
VisitInput no_data();

}  // namespace physio::notes::test
