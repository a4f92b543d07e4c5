// Tx: exercise reminders: each patient's preference and the reminders sent, one per local date.
#include <fmt/format.h>

#include "store/crypto.hpp"
#include "store/rows.hpp"
#include "store/tx.hpp"

namespace physio::store {

using clinic::ReminderPreference;
using clinic::ReminderSent;

namespace {

constexpr std::string_view kPreferenceCols =
    "clinic_id, patient_id, enabled, local_time, time_zone, in_app, email, updated_by, updated_us";
constexpr std::string_view kSentCols =
    "id, clinic_id, patient_id, local_date, occurrence_us, sent_us, channels, message, email_status";

ReminderPreference preference_from(const sql::Row& r) {
  return {.clinic_id = r.text(0),
          .patient_id = r.text(1),
          .enabled = r.boolean(2),
          .local_time = r.text(3),
          .time_zone = r.text(4),
          .in_app = r.boolean(5),
          .email = r.boolean(6),
          .updated_by = r.text(7),
          .updated_us = r.i64(8)};
}

ReminderSent sent_from(const sql::Row& r) {
  return {.id = r.text(0),
          .clinic_id = r.text(1),
          .patient_id = r.text(2),
          .local_date = r.text(3),
          .occurrence_us = r.i64(4),
          .sent_us = r.i64(5),
          .channels = r.text(6),
          .message = r.text(7),
          .email_status = r.text(8)};
}

}  // namespace

Result<std::optional<ReminderPreference>> Tx::get_reminder_preference(std::string_view clinic_id,
                                                                      std::string_view patient_id) {
  auto rows = PHYSIO_TRY(rows::all(
      conn_.query(fmt::format("SELECT {} FROM reminder_settings WHERE clinic_id = ? AND patient_id = ?",
                              kPreferenceCols),
                  {clinic_id, patient_id}),
      preference_from));
  if (rows.empty()) return std::optional<ReminderPreference>{};
  return std::optional<ReminderPreference>{std::move(rows.front())};
}

Result<ReminderPreference> Tx::put_reminder_preference(ReminderPreference p) {
  p.updated_us = now_us();
  PHYSIO_TRY(conn_.query(
      fmt::format(
          "INSERT INTO reminder_settings ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
          "ON CONFLICT (clinic_id, patient_id) DO UPDATE SET enabled = excluded.enabled, "
          "local_time = excluded.local_time, time_zone = excluded.time_zone, in_app = excluded.in_app, "
          "email = excluded.email, updated_by = excluded.updated_by, updated_us = excluded.updated_us",
          kPreferenceCols),
      {p.clinic_id, p.patient_id, p.enabled, p.local_time, p.time_zone, p.in_app, p.email, p.updated_by,
       p.updated_us}));
  return p;
}

Result<std::vector<ReminderPreference>> Tx::list_enabled_reminder_preferences() {
  return rows::all(conn_.query(fmt::format("SELECT {} FROM reminder_settings WHERE enabled = 1 "
                                           "ORDER BY clinic_id, patient_id",
                                           kPreferenceCols)),
                   preference_from);
}

Result<std::optional<ReminderSent>> Tx::claim_reminder_day(ReminderSent r) {
  r.id = random_id();
  if (r.sent_us == 0) r.sent_us = now_us();
  // ON CONFLICT DO NOTHING rather than catching the violation: on PostgreSQL a failed statement would
  // abort the whole transaction.
  auto inserted = PHYSIO_TRY(
      conn_.query(fmt::format("INSERT INTO reminders_sent ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                              "ON CONFLICT (clinic_id, patient_id, local_date) DO NOTHING RETURNING id",
                              kSentCols),
                  {r.id, r.clinic_id, r.patient_id, r.local_date, r.occurrence_us, r.sent_us, r.channels,
                   r.message, r.email_status}));
  if (inserted.rows.empty()) return std::optional<ReminderSent>{};
  return std::optional<ReminderSent>{std::move(r)};
}

Result<TimeUs> Tx::last_reminder_sent_us(std::string_view clinic_id, std::string_view patient_id) {
  auto res = PHYSIO_TRY(conn_.query(
      "SELECT COALESCE(MAX(sent_us), 0) FROM reminders_sent WHERE clinic_id = ? AND patient_id = ?",
      {clinic_id, patient_id}));
  if (res.rows.empty()) return TimeUs{0};
  return TimeUs{res.rows.front().i64(0)};
}

Status Tx::set_reminder_email_status(std::string_view clinic_id, std::string_view id,
                                     std::string_view status) {
  auto res = PHYSIO_TRY(
      conn_.query("UPDATE reminders_sent SET email_status = ? WHERE clinic_id = ? AND id = ? RETURNING id",
                  {status, clinic_id, id}));
  if (res.rows.empty()) return fail(ErrorCode::kNotFound, "reminder {} not found", id);
  return ok();
}

Result<std::vector<ReminderSent>> Tx::list_reminders_sent(std::string_view clinic_id,
                                                          std::string_view patient_id, int limit) {
  if (limit < 1 || limit > 1000) return fail(ErrorCode::kInvalidArgument, "limit {}: must be 1..1000", limit);
  return rows::all(
      conn_.query(fmt::format("SELECT {} FROM reminders_sent WHERE clinic_id = ? AND patient_id = ? "
                              "ORDER BY sent_us DESC, id DESC LIMIT ?",
                              kSentCols),
                  {clinic_id, patient_id, limit}),
      sent_from);
}

namespace {
constexpr std::string_view kFeedCols = "token_hash, clinic_id, patient_id, created_by, created_us";
clinic::CalendarFeed feed_from(const sql::Row& r) {
  return {.token_hash = r.text(0),
          .clinic_id = r.text(1),
          .patient_id = r.text(2),
          .created_by = r.text(3),
          .created_us = r.i64(4)};
}
}  // namespace

Status Tx::put_calendar_feed(const clinic::CalendarFeed& feed) {
  PHYSIO_TRY(conn_.query("DELETE FROM calendar_feeds WHERE clinic_id = ? AND patient_id = ?",
                         {feed.clinic_id, feed.patient_id}));
  PHYSIO_TRY(conn_.query(fmt::format("INSERT INTO calendar_feeds ({}) VALUES (?, ?, ?, ?, ?)", kFeedCols),
                         {feed.token_hash, feed.clinic_id, feed.patient_id, feed.created_by,
                          feed.created_us != 0 ? feed.created_us : now_us()}));
  return ok();
}

Result<std::optional<clinic::CalendarFeed>> Tx::get_calendar_feed(std::string_view clinic_id,
                                                                  std::string_view patient_id) {
  auto rows = PHYSIO_TRY(rows::all(
      conn_.query(
          fmt::format("SELECT {} FROM calendar_feeds WHERE clinic_id = ? AND patient_id = ?", kFeedCols),
          {clinic_id, patient_id}),
      feed_from));
  if (rows.empty()) return std::optional<clinic::CalendarFeed>{};
  return std::optional<clinic::CalendarFeed>{std::move(rows.front())};
}

Result<clinic::CalendarFeed> Tx::find_calendar_feed(std::string_view token_hash) {
  auto rows = PHYSIO_TRY(rows::all(
      conn_.query(fmt::format("SELECT {} FROM calendar_feeds WHERE token_hash = ?", kFeedCols), {token_hash}),
      feed_from));
  if (rows.empty()) return fail(ErrorCode::kNotFound, "no calendar address with this token");
  return std::move(rows.front());
}

Result<bool> Tx::delete_calendar_feed(std::string_view clinic_id, std::string_view patient_id) {
  auto res = PHYSIO_TRY(
      conn_.query("DELETE FROM calendar_feeds WHERE clinic_id = ? AND patient_id = ? RETURNING token_hash",
                  {clinic_id, patient_id}));
  return !res.rows.empty();
}

}  // namespace physio::store
