#pragma once
/// What the clinic records for one patient's remote therapeutic monitoring (RTM) episode, as plain
/// values: the server stores these and passes them in; nothing here reads a database.
///
///   consents      granted / withdrawn, each with its instant; the latest record at or before an
///                 instant decides whether monitoring is consented then
///   setup         the RTM set-up and education event (instant, staff); monitoring starts on its
///                 local day and the 30-day device periods count from there
///   data_events   every transmission (exercise session, questionnaire, sensor upload) with its instant
///   staff_time    management time: staff, start instant, whole minutes, activity, and whether the
///                 entry was a real-time interactive communication with the patient or caregiver
///   utc_offset    the patient's zone (see rtm_time.hpp)

#include <optional>
#include <string>
#include <vector>

#include "billing/rtm_time.hpp"
#include "core/time.hpp"

namespace physio::billing {

struct ConsentRecord {
  bool granted = true;  ///< false: withdrawn
  TimeUs at_us = 0;
};

struct RtmSetup {
  TimeUs at_us = 0;
  std::string staff;
};

enum class DataKind { kSession, kQuestionnaire, kUpload };

struct DataEvent {
  TimeUs at_us = 0;
  DataKind kind = DataKind::kSession;
};

struct StaffTimeEntry {
  std::string staff;
  TimeUs start_us = 0;
  int minutes = 0;
  std::string activity;      ///< data review, program change, communication, ...
  bool interactive = false;  ///< a real-time interactive communication with the patient or caregiver
};

struct RtmPatient {
  std::string patient_id;
  std::vector<ConsentRecord> consents;
  std::optional<RtmSetup> setup;
  std::vector<DataEvent> data_events;
  std::vector<StaffTimeEntry> staff_time;
  UtcOffsetFn utc_offset;
};

/// A flag explains a missing code, a partial count or a state: a stable `id` for programs and a
/// sentence for people.
struct RtmFlag {
  std::string id;  ///< no-consent, consent-withdrawn, data-before-consent, provisional, locked, ...
  std::string message;
};

/// One suggested code with the numbers behind it.
struct SuggestedCode {
  std::string code;
  int units = 1;
  std::string basis;  ///< "17 data days in 2026-01-05..2026-02-03 (16-30 needed)"
};

}  // namespace physio::billing
