// Scheduling through the API (docs/server/scheduling.md): the front desk names the clinician; overlaps are
// 409 naming the time and whom; the past is refused unless a back entry (audited); working hours refuse
// until confirmed; a weekly series lists its clashes; moving and cancelling need a reason; a no-show only
// after the start; the patient cancels within the clinic's notice; the calendar, ICS files, working hours,
// types and the waiting list.
#include <algorithm>

#include <gtest/gtest.h>

#include "server/http/http_util.hpp"
#include "server_fixture.hpp"

namespace physio::test {
namespace {

struct Desk {
  std::unique_ptr<TestServer> ts;
  Client desk, physio, patient, admin;
  std::string p1, p2, physio_id;
  explicit Desk(const std::string& name)
      : ts(TestServer::start(name)),
        desk(ts->port()),
        physio(ts->port()),
        patient(ts->port()),
        admin(ts->port()) {
    const auto& s = ts->seeded();
    EXPECT_EQ(desk.login(s.user_email.at("front_desk")).status, 200);
    EXPECT_EQ(physio.login(s.user_email.at("physiotherapist")).status, 200);
    EXPECT_EQ(patient.login(s.user_email.at("patient")).status, 200);
    EXPECT_EQ(admin.login(s.user_email.at("admin")).status, 200);
    p1 = s.p1;
    p2 = s.p2;
    physio_id = s.user_id.at("physiotherapist");
  }
  net::ClientResponse book(Client& c, const std::string& pid, const std::string& body) {
    return c.request("POST", "/api/patients/" + pid + "/appointments", body);
  }
};

TEST(Schedule, TheFrontDeskNamesTheClinicianAndOverlapsAreRefusedWithWhom) {
  Desk d("sched_overlap");
  auto r = d.book(d.desk, d.p1, R"({"start":"2028-03-01T09:00:00Z","duration_min":30})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(d.desk.json(r)["field"], "/practitioner_id");
  r = d.book(d.desk, d.p1,
             R"({"start":"2028-03-01T09:00:00Z","duration_min":30,"practitioner_id":")" +
                 d.ts->seeded().user_id.at("front_desk") + "\"}");
  EXPECT_EQ(r.status, 422);  // a front-desk login is not a clinician
  EXPECT_EQ(d.desk.json(r)["message"], "is not a clinician of this clinic");
  r = d.book(d.desk, d.p1,
             R"({"start":"2028-03-01T09:00:00Z","duration_min":30,"room":"Room 2","practitioner_id":")" +
                 d.physio_id + "\"}");
  ASSERT_EQ(r.status, 201) << r.body;
  auto a = d.desk.json(r);
  EXPECT_EQ(a["practitioner_id"], d.physio_id);
  EXPECT_EQ(a["room"], "Room 2");
  EXPECT_EQ(a["end"], "2028-03-01T09:30:00.000000Z");
  // Another patient with the same physiotherapist, overlapping: 409 naming the time and the patient.
  r = d.book(d.physio, d.p2,
             R"({"start":"2028-03-01T09:15:00Z","duration_min":30})");  // a clinician books self
  ASSERT_EQ(r.status, 409) << r.body;
  auto j = d.physio.json(r);
  EXPECT_EQ(j["error"], "clinician_busy");
  EXPECT_EQ(j["field"], "/start");
  EXPECT_EQ(j["message"],
            "physiotherapist already has an appointment Wed 1 Mar 2028 09:00-09:30 with Ann Alpha");
  EXPECT_EQ(j["problems"][0]["clash"]["id"], a["id"]);
  // Back to back is fine.
  EXPECT_EQ(d.book(d.physio, d.p2, R"({"start":"2028-03-01T09:30:00Z","duration_min":30})").status, 201);
}

TEST(Schedule, ThePastIsRefusedUnlessABackEntryWhichIsAudited) {
  Desk d("sched_past");
  const std::string body =
      R"({"start":"2020-03-02T10:00:00Z","duration_min":30,"practitioner_id":")" + d.physio_id + "\"";
  auto r = d.book(d.desk, d.p1, body + "}");
  ASSERT_EQ(r.status, 422);
  auto j = d.desk.json(r);
  EXPECT_EQ(j["error"], "in_past");
  EXPECT_NE(j["message"].get<std::string>().find("Mon 2 Mar 2020 10:00-10:30 is in the past"),
            std::string::npos);
  r = d.book(d.desk, d.p1, body + R"(,"back_entry":true})");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(d.desk.json(r)["back_entry"], true);
  auto log = d.physio.json(d.physio.get("/api/patients/" + d.p1 + "/audit"));
  bool audited = false;
  for (const auto& e : log["items"])
    audited |= e["action"] == "appointment.back_entry" && e["role"] == "front_desk";
  EXPECT_TRUE(audited) << log.dump();
}

TEST(Schedule, WorkingHoursRefuseUntilConfirmed) {
  Desk d("sched_hours");
  const std::string hours = "/api/staff/" + d.physio_id + "/working-hours";
  // The physiotherapist cannot set them; the front desk can; nonsense names its entry.
  EXPECT_EQ(
      d.physio.request("PUT", hours, R"({"week":[{"weekday":0,"start":"09:00","end":"17:00"}]})").status,
      403);
  auto r = d.desk.request("PUT", hours, R"({"week":[{"weekday":2,"start":"13:00","end":"12:00"}]})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(d.desk.json(r)["field"], "/week/0/end");
  EXPECT_EQ(d.desk.json(r)["message"], "Wednesday 13:00-12:00: ends before it starts");
  // An overlap is named at the later stretch's start, for the page to show it there.
  r = d.desk.request(
      "PUT", hours,
      R"({"week":[{"weekday":1,"start":"09:00","end":"13:00"},{"weekday":2,"start":"09:00","end":"10:00"},{"weekday":1,"start":"12:00","end":"15:00"}]})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(d.desk.json(r)["field"], "/week/2/start");
  EXPECT_EQ(d.desk.json(r)["message"], "Tuesday 09:00-13:00 overlaps 12:00-15:00");
  r = d.desk.request("PUT", hours, R"({"week":[{"weekday":2,"start":"9:00","end":"12:00"}]})");
  EXPECT_EQ(d.desk.json(r)["field"], "/week/0/start");
  ASSERT_EQ(
      d.desk
          .request(
              "PUT", hours,
              R"({"week":[{"weekday":2,"start":"09:00","end":"13:00"},{"weekday":2,"start":"14:00","end":"18:00"}]})")
          .status,
      200);
  EXPECT_EQ(d.physio.json(d.physio.get(hours))["week"].size(), 2u);
  // The clinic is in UTC by default: Wednesday 1 March 2028 13:00 is the lunch break.
  const std::string at_lunch =
      R"({"start":"2028-03-01T13:00:00Z","duration_min":30,"practitioner_id":")" + d.physio_id + "\"";
  r = d.book(d.desk, d.p1, at_lunch + "}");
  ASSERT_EQ(r.status, 422);
  EXPECT_EQ(d.desk.json(r)["error"], "outside_working_hours");
  EXPECT_NE(d.desk.json(r)["message"].get<std::string>().find("(Wednesday: 09:00-13:00, 14:00-18:00)"),
            std::string::npos);
  EXPECT_EQ(d.book(d.desk, d.p1, at_lunch + R"(,"outside_hours_ok":true})").status, 201);
  EXPECT_EQ(
      d.book(d.desk, d.p2,
             R"({"start":"2028-03-01T14:00:00Z","duration_min":30,"practitioner_id":")" + d.physio_id + "\"}")
          .status,
      201);
}

TEST(Schedule, ASeriesListsItsClashesAndCanBookTheFreeVisits) {
  Desk d("sched_series");
  // Wednesday 15 March 2028 is taken for the physiotherapist.
  ASSERT_EQ(d.book(d.physio, d.p2, R"({"start":"2028-03-15T10:00:00Z","duration_min":60})").status, 201);
  const std::string series =
      R"({"start":"2028-03-01T10:00:00Z","duration_min":45,"repeat_every_weeks":1,"repeat_count":4)";
  auto r = d.book(d.physio, d.p1, series + "}");
  ASSERT_EQ(r.status, 409) << r.body;
  auto j = d.physio.json(r);
  ASSERT_EQ(j["occurrences"].size(), 1u);
  EXPECT_EQ(j["occurrences"][0]["start"], "2028-03-15T10:00:00.000000Z");
  EXPECT_EQ(j["occurrences"][0]["problems"][0]["message"],
            "physiotherapist already has an appointment Wed 15 Mar 2028 10:00-11:00 with Bea Bravo");
  EXPECT_EQ(d.physio.json(d.physio.get("/api/patients/" + d.p1 + "/appointments")).size(),
            1u);  // the seeded one
  r = d.book(d.physio, d.p1, series + R"(,"skip_conflicts":true})");
  ASSERT_EQ(r.status, 201) << r.body;
  j = d.physio.json(r);
  EXPECT_EQ(j["appointments"].size(), 3u);
  EXPECT_EQ(j["skipped"].size(), 1u);
  EXPECT_EQ(j["appointments"][2]["start"], "2028-03-22T10:00:00.000000Z");
  EXPECT_EQ(j["appointments"][0]["series_id"], j["series_id"]);
  r = d.book(d.physio, d.p1, R"({"start":"2028-06-01T10:00:00Z","duration_min":45,"repeat_count":60})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(d.physio.json(r)["field"], "/repeat_count");
  r = d.book(d.physio, d.p1,
             R"({"start":"2028-06-01T10:00:00Z","duration_min":45,"repeat_until":"2028-05-01"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(d.physio.json(r)["field"], "/repeat_until");
}

TEST(Schedule, MovingAndCancellingNeedAReasonAndANoShowComesAfterTheStart) {
  Desk d("sched_move");
  auto first = d.desk.json(d.book(d.physio, d.p1, R"({"start":"2028-04-05T09:00:00Z","duration_min":30})"));
  auto other = d.desk.json(d.book(d.physio, d.p2, R"({"start":"2028-04-05T10:00:00Z","duration_min":30})"));
  const std::string url = "/api/appointments/" + first["id"].get<std::string>();
  auto r = d.desk.request("PATCH", url, R"({"start":"2028-04-05T09:15:00Z"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(d.desk.json(r)["field"], "/change_reason");
  // Moving over itself is fine; onto the other booking is 409.
  r = d.desk.request("PATCH", url, R"({"start":"2028-04-05T09:15:00Z","change_reason":"patient asked"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(d.desk.json(r)["start"], "2028-04-05T09:15:00.000000Z");
  r = d.desk.request("PATCH", url, R"({"start":"2028-04-05T09:45:00Z","change_reason":"patient asked"})");
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(d.desk.json(r)["problems"][0]["clash"]["id"], other["id"]);
  r = d.desk.request("PATCH", url, R"({"status":"noshow"})");
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(d.desk.json(r)["message"], "a no-show can be marked only once the appointment has started");
  // Nor "arrived" for a visit of a later day (it was allowed the day before).
  r = d.desk.request("PATCH", url, R"({"status":"arrived"})");
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(
      d.desk.json(r)["message"],
      "a patient can be marked arrived only from 2 hours before the start; this visit has not started yet");
  EXPECT_EQ(d.desk.json(r)["field"], "/status");
  EXPECT_EQ(d.desk.request("PATCH", url, R"({"status":"cancelled"})").status, 400);
  r = d.desk.request("PATCH", url, R"({"status":"cancelled","change_reason":"clinician ill"})");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(d.desk.json(r)["cancel_reason"], "clinician ill");
  EXPECT_EQ(d.desk.request("PATCH", url, R"({"status":"booked"})").status, 409);  // final
  // The freed time can be booked again.
  EXPECT_EQ(d.book(d.physio, d.p2, R"({"start":"2028-04-05T09:00:00Z","duration_min":30})").status, 201);
  // A past appointment is marked missed.
  auto past = d.desk.json(
      d.book(d.desk, d.p1,
             R"({"start":"2021-01-04T09:00:00Z","duration_min":30,"back_entry":true,"practitioner_id":")" +
                 d.physio_id + "\"}"));
  EXPECT_EQ(
      d.desk.request("PATCH", "/api/appointments/" + past["id"].get<std::string>(), R"({"status":"noshow"})")
          .status,
      200);
}

TEST(Schedule, APatientCancelsWithinTheClinicsNotice) {
  Desk d("sched_patient_cancel");
  const TimeUs now = server::now_us();
  auto soon = d.desk.json(d.book(d.physio, d.p1,
                                 R"({"start":")" + server::iso_time(now + 3 * 3'600'000'000LL).substr(0, 16) +
                                     R"(:00Z","duration_min":30})"));
  auto later = d.desk.json(d.book(d.physio, d.p1, R"({"start":"2028-05-03T09:00:00Z","duration_min":30})"));
  auto mine = d.patient.json(d.patient.get("/api/patients/" + d.p1 + "/appointments"));
  bool saw_refusal = false;
  for (const auto& a : mine)
    if (a["id"] == soon["id"]) {
      EXPECT_EQ(a["patient_can_cancel"], false);
      saw_refusal = a["cancel_refusal"].get<std::string>().starts_with(
          "Appointments can be cancelled online up to 24 hours before they start");
    }
  EXPECT_TRUE(saw_refusal) << mine.dump();
  auto r = d.patient.request("POST", "/api/appointments/" + soon["id"].get<std::string>() + "/cancel",
                             R"({"reason":"ill"})");
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(d.patient.json(r)["error"], "too_late");
  EXPECT_EQ(d.patient
                .request("POST", "/api/appointments/" + later["id"].get<std::string>() + "/cancel",
                         R"({"reason":""})")
                .status,
            400);
  r = d.patient.request("POST", "/api/appointments/" + later["id"].get<std::string>() + "/cancel",
                        R"({"reason":"away"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(d.patient.json(r)["cancel_reason"], "by the patient: away");
  // Another patient's appointment does not exist for them; the front desk cancels the late one.
  auto theirs = d.desk.json(d.book(d.physio, d.p2, R"({"start":"2028-05-04T09:00:00Z","duration_min":30})"));
  EXPECT_EQ(d.patient
                .request("POST", "/api/appointments/" + theirs["id"].get<std::string>() + "/cancel",
                         R"({"reason":"x"})")
                .status,
            404);
  EXPECT_EQ(d.desk
                .request("POST", "/api/appointments/" + soon["id"].get<std::string>() + "/cancel",
                         R"({"reason":"ill"})")
                .status,
            200);
  // A longer notice set by the front desk applies at once.
  ASSERT_EQ(d.desk.request("PUT", "/api/schedule-settings", R"({"cancel_notice_hours":336})").status, 200);
  auto far = d.desk.json(d.book(d.physio, d.p1,
                                R"({"start":")" + server::iso_time(now + 5 * 86'400'000'000LL).substr(0, 16) +
                                    R"(:00Z","duration_min":30})"));
  EXPECT_EQ(d.patient
                .request("POST", "/api/appointments/" + far["id"].get<std::string>() + "/cancel",
                         R"({"reason":"x"})")
                .status,
            409);
  EXPECT_EQ(d.desk.request("PUT", "/api/schedule-settings", R"({"time_zone":"Mars/Olympus"})").status, 400);
}

TEST(Schedule, TheCalendarShowsTheClinicsDaysAndTheFilesAreICalendar) {
  Desk d("sched_calendar");
  ASSERT_EQ(d.desk.request("PUT", "/api/schedule-settings", R"({"time_zone":"Europe/Lisbon"})").status, 200);
  ASSERT_EQ(d.desk
                .request("PUT", "/api/appointment-types",
                         R"({"types":[{"code":"initial","name":"Initial assessment","duration_min":60},)"
                         R"({"code":"follow_up","name":"Follow-up","duration_min":30}]})")
                .status,
            200);
  // The type gives the length; Lisbon is UTC+0 in March until the 26th, UTC+1 after.
  auto a = d.desk.json(d.book(
      d.desk, d.p1,
      R"({"start":"2028-03-28T08:00:00Z","type":"initial","practitioner_id":")" + d.physio_id + "\"}"));
  EXPECT_EQ(a["duration_min"], 60);
  EXPECT_EQ(a["type_name"], "Initial assessment");
  EXPECT_EQ(
      d.book(d.desk, d.p2,
             R"({"start":"2028-03-28T10:00:00Z","type":"massage","practitioner_id":")" + d.physio_id + "\"}")
          .status,
      422);
  // 2028-03-27T23:30Z is already the 28th in Lisbon.
  ASSERT_EQ(
      d.book(d.physio, d.p2, R"({"start":"2028-03-27T23:30:00Z","duration_min":30,"outside_hours_ok":true})")
          .status,
      201);
  auto day = d.desk.json(d.desk.get("/api/calendar?from=2028-03-28"));
  EXPECT_EQ(day["time_zone"], "Europe/Lisbon");
  EXPECT_EQ(day["from_utc"], "2028-03-27T23:00:00.000000Z");
  ASSERT_EQ(day["appointments"].size(), 2u);
  EXPECT_EQ(day["appointments"][1]["patient_name"], "Ann Alpha");
  EXPECT_EQ(day["types"].size(), 2u);
  bool has_physio = false;
  for (const auto& c : day["clinicians"]) has_physio |= c["id"] == d.physio_id;
  EXPECT_TRUE(has_physio);
  auto week =
      d.physio.json(d.physio.get("/api/calendar?from=2028-03-27&to=2028-04-02&clinician=" + d.physio_id));
  EXPECT_EQ(week["appointments"].size(), 2u);
  EXPECT_EQ(d.desk.get("/api/calendar?from=2028-03-27&to=2028-06-02").status, 400);
  EXPECT_EQ(d.desk.json(d.desk.get("/api/calendar?from=28-03-2028"))["field"], "from");
  EXPECT_EQ(d.desk.json(d.desk.get("/api/calendar?from=2028-03-27&clinician=nobody"))["field"], "clinician");
  EXPECT_EQ(d.patient.get("/api/calendar?from=2028-03-27").status, 404);  // clinic-wide: not a patient's

  auto ics = d.patient.get("/api/patients/" + d.p1 + "/appointments.ics");
  ASSERT_EQ(ics.status, 200);
  EXPECT_NE(ics.body.find("DTSTART:20280328T080000Z\r\nDTEND:20280328T090000Z\r\n"), std::string::npos)
      << ics.body;
  EXPECT_NE(ics.body.find("SUMMARY:Initial assessment with physiotherapist\r\n"), std::string::npos);
  auto feed = d.physio.get("/api/staff/" + d.physio_id + "/calendar.ics");
  ASSERT_EQ(feed.status, 200);
  EXPECT_NE(feed.body.find("SUMMARY:Ann Alpha: Initial assessment\r\n"), std::string::npos) << feed.body;
  EXPECT_NE(feed.body.find("SUMMARY:Bea Bravo\r\n"), std::string::npos);
  EXPECT_EQ(d.patient.get("/api/staff/" + d.physio_id + "/calendar.ics").status, 404);
}

TEST(Schedule, TheWaitingListClosesWhenThePatientIsBooked) {
  Desk d("sched_waitlist");
  auto r = d.desk.request("PUT", "/api/patients/" + d.p1 + "/waitlist",
                          R"({"note":"mornings","earliest_date":"2028-02-01","latest_date":"2028-01-01"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(d.desk.json(r)["field"], "/latest_date");
  ASSERT_EQ(d.desk
                .request("PUT", "/api/patients/" + d.p1 + "/waitlist",
                         R"({"note":"mornings","clinician_id":")" + d.physio_id + "\"}")
                .status,
            200);
  ASSERT_EQ(d.desk.request("PUT", "/api/patients/" + d.p2 + "/waitlist", R"({})").status, 200);
  auto list = d.desk.json(d.desk.get("/api/waitlist"));
  ASSERT_EQ(list["items"].size(), 2u);
  EXPECT_EQ(list["items"][0]["patient_name"], "Ann Alpha");
  EXPECT_EQ(list["items"][0]["clinician_name"], "physiotherapist");
  ASSERT_EQ(d.book(d.physio, d.p1, R"({"start":"2028-02-02T09:00:00Z","duration_min":30})").status, 201);
  list = d.desk.json(d.desk.get("/api/waitlist"));
  ASSERT_EQ(list["items"].size(), 1u);
  EXPECT_EQ(list["items"][0]["patient_name"], "Bea Bravo");
  EXPECT_EQ(d.desk.json(d.desk.request("DELETE", "/api/patients/" + d.p2 + "/waitlist"))["removed"], true);
  EXPECT_EQ(d.desk.json(d.desk.request("DELETE", "/api/patients/" + d.p2 + "/waitlist"))["removed"], false);
  EXPECT_TRUE(d.desk.json(d.desk.get("/api/waitlist"))["items"].empty());
}

}  // namespace
}  // namespace physio::test

namespace physio::test {
namespace {

// docs/server/scheduling.md, "The desk's day list": each visit with the patient's telephone number, and the
// past visits of the last 14 days nobody marked, whatever day is shown, until they are marked.
TEST(Schedule, TheDayListGivesPhonesAndListsPastVisitsNobodyMarked) {
  Desk d("sched_day_list");
  ASSERT_EQ(d.desk.request("PATCH", "/api/patients/" + d.p1, R"({"phone":"+351 210 000 111"})").status, 200);
  const TimeUs now = server::now_us();
  const std::string two_days_ago = server::iso_date(now - 2 * 86'400 * kUsPerSecond);
  auto r = d.book(d.desk, d.p1,
                  R"({"start":")" + two_days_ago + R"(T05:17:00Z","duration_min":30,"back_entry":true,)" +
                      R"("outside_hours_ok":true,"practitioner_id":")" + d.physio_id + "\"}");
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string id = d.desk.json(r)["id"];
  auto unmarked_ids = [&](const std::string& date) {
    auto l = d.desk.get("/api/schedule?date=" + date);
    EXPECT_EQ(l.status, 200) << l.body;
    std::vector<std::string> ids;
    const auto list = d.desk.json(l);  // held: a range-for over a temporary's member would dangle
    for (const auto& a : list["unmarked"]) {
      ids.push_back(a["appointment_id"]);
      if (a["appointment_id"] == id) {
        EXPECT_EQ(a["phone"], "+351 210 000 111");
        EXPECT_EQ(a["status"], "booked");
      }
    }
    return ids;
  };
  // Listed on today's list and on any other day's.
  for (const auto& date : {server::iso_date(now), std::string("2030-01-01")}) {
    const auto ids = unmarked_ids(date);
    EXPECT_NE(std::find(ids.begin(), ids.end(), id), ids.end()) << date;
  }
  // The day itself gives the phone too.
  auto day = d.desk.json(d.desk.get("/api/schedule?date=" + two_days_ago));
  bool found = false;
  for (const auto& a : day["items"])
    if (a["appointment_id"] == id) found = a["phone"] == "+351 210 000 111";
  EXPECT_TRUE(found) << day.dump();
  // Marked: no longer listed.
  ASSERT_EQ(d.desk.request("PATCH", "/api/appointments/" + id, R"({"status":"noshow"})").status, 200);
  const auto ids = unmarked_ids(server::iso_date(now));
  EXPECT_EQ(std::find(ids.begin(), ids.end(), id), ids.end());
}

// Booking by the patient from their own pages (docs/server/scheduling.md, "Online booking"): off until the
// clinic turns it on; the free times inside working hours without clashes or closed days; a booking at a
// taken time refused without naming the other patient; rebooking replaces the patient's own visit; another
// patient's free times are out of reach.
TEST(Schedule, APatientBooksAndRebooksOnlineWithinTheClinicsRules) {
  Desk d("sched_online");
  auto r = d.admin.request("PUT", "/api/appointment-types",
                           R"({"types":[{"code":"follow_up","name":"Follow-up","duration_min":30}]})");
  ASSERT_EQ(r.status, 200) << r.body;
  r = d.desk.request("PUT", "/api/staff/" + d.physio_id + "/working-hours",
                     R"({"week":[{"weekday":2,"start":"09:00","end":"13:00"}]})");  // Wednesdays
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string base = "/api/patients/" + d.p1;
  const std::string wanted = "?clinician=" + d.physio_id + "&type=follow_up&from=2028-03-01&days=1";
  // Off: no times, the refusal in words; a booking is refused.
  auto j = d.patient.json(d.patient.get(base + "/free-times" + wanted));
  EXPECT_FALSE(j["online_booking"].get<bool>());
  EXPECT_TRUE(j["slots"].empty());
  EXPECT_EQ(j["refusal"], "The clinic does not take bookings online; please call the clinic to book.");
  const std::string at_11 =
      R"({"start":"2028-03-01T11:00:00Z","type":"follow_up","practitioner_id":")" + d.physio_id + "\"}";
  r = d.patient.request("POST", base + "/online-bookings", at_11);
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(d.patient.json(r)["error"], "online_booking_off");
  ASSERT_EQ(
      d.desk.request("PUT", "/api/schedule-settings", R"({"online_booking":true,"online_notice_hours":24})")
          .status,
      200);
  // Bea at 10:00: the patient's free times leave out 09:45, 10:00 and 10:15.
  ASSERT_EQ(
      d.book(d.desk, d.p2,
             R"({"start":"2028-03-01T10:00:00Z","duration_min":30,"practitioner_id":")" + d.physio_id + "\"}")
          .status,
      201);
  j = d.patient.json(d.patient.get(base + "/free-times" + wanted));
  ASSERT_TRUE(j["online_booking"].get<bool>());
  EXPECT_EQ(j["online_notice_hours"], 24);
  EXPECT_EQ(j["clinicians"].size(), 1u);  // only clinicians with working hours
  std::vector<std::string> slots;
  for (const auto& s : j["slots"]) slots.push_back(s["start"].get<std::string>().substr(11, 5));
  const std::vector<std::string> want = {"09:00", "09:15", "09:30", "10:30", "10:45", "11:00",
                                         "11:15", "11:30", "11:45", "12:00", "12:15", "12:30"};
  EXPECT_EQ(slots, want);
  // The taken time: refused without Bea's name.
  r = d.patient.request(
      "POST", base + "/online-bookings",
      R"({"start":"2028-03-01T10:00:00Z","type":"follow_up","practitioner_id":")" + d.physio_id + "\"}");
  ASSERT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(d.patient.json(r)["message"],
            "physiotherapist is not free at Wed 1 Mar 2028 10:00-10:30; choose another time.");
  EXPECT_EQ(r.body.find("Bea"), std::string::npos);
  // Outside the hours: no override for a patient.
  r = d.patient.request(
      "POST", base + "/online-bookings",
      R"({"start":"2028-03-01T15:00:00Z","type":"follow_up","practitioner_id":")" + d.physio_id + "\"}");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(d.patient.json(r)["error"], "outside_working_hours");
  // Booked, then rebooked to 11:30: the first is cancelled with why, the freed time no longer held.
  r = d.patient.request("POST", base + "/online-bookings", at_11);
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string first = d.patient.json(r)["id"];
  EXPECT_TRUE(d.patient.json(r)["replaced"].is_null());
  r = d.patient.request("POST", base + "/online-bookings",
                        R"({"start":"2028-03-01T11:15:00Z","type":"follow_up","replaces":")" + first +
                            R"(","practitioner_id":")" + d.physio_id + "\"}");
  ASSERT_EQ(r.status, 201) << r.body;  // overlaps only the visit it replaces
  const auto moved = d.patient.json(r);
  EXPECT_EQ(moved["start"], "2028-03-01T11:15:00.000000Z");
  EXPECT_EQ(moved["replaced"]["status"], "cancelled");
  EXPECT_EQ(moved["replaced"]["cancel_reason"],
            "by the patient: rebooked online to 2028-03-01T11:15:00.000000Z");
  // Another patient's free times and appointments are out of reach.
  EXPECT_EQ(d.patient.get("/api/patients/" + d.p2 + "/free-times").status, 404);
  r = d.patient.request("POST", "/api/patients/" + d.p2 + "/online-bookings", at_11);
  EXPECT_EQ(r.status, 404);
  // A closed day has no times.
  ASSERT_EQ(
      d.desk.request("PUT", "/api/closures", R"({"days":[{"date":"2028-03-08","reason":"Staff training"}]})")
          .status,
      200);
  j = d.patient.json(d.patient.get(base + "/free-times?clinician=" + d.physio_id +
                                   "&type=follow_up&from=2028-03-08&days=1"));
  EXPECT_TRUE(j["slots"].empty());
  EXPECT_EQ(d.patient.get(base + "/free-times?days=30").status, 400);
}

}  // namespace
}  // namespace physio::test
