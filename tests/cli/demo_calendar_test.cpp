// The demo clinic's calendar obeys the booking rules it shows a front desk: no clinician or patient booked
// twice at once and no start off the 5-minute grid (the demo once held double bookings from its synthetic
// history and a visit at the odd minute the demo was made, 07:06). The whole demo is made, as
// `physio demo-clinic` makes it, and every appointment in its store is checked.
#include <gtest/gtest.h>

#include "cli/commands.hpp"
#include "cli/demo_schedule.hpp"
#include "cli/server_common.hpp"
#include "common/test_data.hpp"
#include "rehab/tz_system.hpp"
#include "schedule/booking.hpp"
#include "store/rows.hpp"

namespace physio::test {
namespace {

TEST(DemoCalendar, EveryAppointmentOfTheDemoClinicPassesTheBookingRules) {
  const auto dir = scratch_dir("demo_calendar");
  CLI::App app;
  cli::add_demo_clinic_command(app);
  const std::string data = (dir / "clinic").string();
  const char* argv[] = {"physio", "demo-clinic", "--data", data.c_str()};
  app.parse(4, argv);
  ASSERT_EQ(cli::exit_status(), 0);

  auto st = cli::open_store(dir / "clinic", "");
  ASSERT_TRUE(st) << st.error().to_string();
  auto all = (*st)->read([&](store::Tx& tx) -> Result<std::vector<clinic::Appointment>> {
    auto ids = PHYSIO_TRY(tx.connection().query("SELECT id FROM clinics", {}));
    std::vector<clinic::Appointment> out;
    for (const auto& r : ids.rows)
      for (auto& a : PHYSIO_TRY(tx.list_clinic_appointments(r.text(0), 0, std::int64_t{1} << 62)))
        out.push_back(std::move(a));
    return out;
  });
  ASSERT_TRUE(all) << all.error().to_string();
  ASSERT_GT(all->size(), 100u);  // the synthetic history and two weeks of the calendar
  std::vector<schedule::Booking> bookings;
  int coming = 0;
  const TimeUs now = (*st)->now_us();
  for (const auto& a : *all) {
    bookings.push_back({a.id, a.patient_id, a.practitioner_id, a.start_us, a.duration_min, a.status});
    coming += a.start_us > now && schedule::holds_time(a.status);
  }
  EXPECT_GT(coming, 20) << "the calendar still has its coming visits";
  static const rehab::SystemTzProvider tz;
  const auto problems = schedule::calendar_problems(
      bookings, [](TimeUs t) { return tz.utc_offset_s(cli::kDemoZone, t).value_or(0); });
  std::string listed;
  for (std::size_t i = 0; i < problems.size() && i < 10; ++i) listed += problems[i] + "\n";
  EXPECT_TRUE(problems.empty()) << problems.size() << " problems, the first:\n" << listed;
}

TEST(DemoCalendar, ASyntheticVisitThatWouldDoubleBookIsLeftOut) {
  const TimeUs h = 3600 * kUsPerSecond;
  const std::vector<clinic::Appointment> existing = {{.id = "e1",
                                                      .patient_id = "p1",
                                                      .practitioner_id = "c1",
                                                      .start_us = 10 * h,
                                                      .duration_min = 45,
                                                      .status = "booked"}};
  const std::vector<clinic::Appointment> history = {{.id = "h1",
                                                     .patient_id = "p2",
                                                     .practitioner_id = "c1",
                                                     .start_us = 10 * h,
                                                     .duration_min = 45,
                                                     .status = "booked"},
                                                    {.id = "h2",
                                                     .patient_id = "p3",
                                                     .practitioner_id = "c1",
                                                     .start_us = 10 * h,
                                                     .duration_min = 45,
                                                     .status = "fulfilled"},
                                                    {.id = "h3",
                                                     .patient_id = "p4",
                                                     .practitioner_id = "c1",
                                                     .start_us = 11 * h,
                                                     .duration_min = 45,
                                                     .status = "booked"},
                                                    {.id = "h4",
                                                     .patient_id = "p4",
                                                     .practitioner_id = "c2",
                                                     .start_us = 11 * h,
                                                     .duration_min = 45,
                                                     .status = "booked"}};
  const auto kept = cli::keep_bookable(existing, history);
  ASSERT_EQ(kept.size(), 2u);
  EXPECT_EQ(kept[0].id, "h2");  // holds no time
  EXPECT_EQ(kept[1].id, "h3");
  // A demo slot is on a weekday at the minute asked, whatever the minute of `now`.
  const TimeUs slot = cli::demo_slot(20'000 * 24 * h + 7 * h + 6 * 60 * kUsPerSecond, 2, 10 * 60 + 30);
  EXPECT_EQ(slot % (5 * 60 * kUsPerSecond), 0);
}

}  // namespace
}  // namespace physio::test
