// Tx: the analysis job queue with leases.
#include <fmt/format.h>

#include "store/crypto.hpp"
#include "store/rows.hpp"
#include "store/sql/database.hpp"
#include "store/tx.hpp"

namespace physio::store {

using clinic::Job;

namespace {

std::unexpected<Error> lease_lost(std::string_view job_id) {
  return fail(ErrorCode::kNotFound,
              "job {}: lease not held (it was claimed again after expiring, or the job has ended)", job_id);
}

}  // namespace

Result<Job> Tx::enqueue_job(std::string_view clinic_id, std::string_view recording_id,
                            std::int64_t max_attempts) {
  if (max_attempts < 1) return fail(ErrorCode::kInvalidArgument, "max_attempts must be at least 1");
  const auto recording = PHYSIO_TRY(get_recording(clinic_id, recording_id));
  Job j;
  j.id = random_id();
  j.clinic_id = recording.clinic_id;
  j.patient_id = recording.patient_id;
  j.recording_id = recording.id;
  j.state = "queued";
  j.max_attempts = max_attempts;
  j.created_us = now_us();
  PHYSIO_TRY(
      conn_.query(fmt::format("INSERT INTO jobs ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                              rows::kJobCols),
                  {j.id, j.clinic_id, j.patient_id, j.recording_id, j.state, j.attempts, j.max_attempts,
                   j.lease_owner, j.lease_token, j.lease_until_us, j.progress, j.message, j.error,
                   j.created_us, j.started_us, j.finished_us}));
  return j;
}

Result<Job> Tx::get_job(std::string_view clinic_id, std::string_view id) {
  return rows::single(
      conn_.query(fmt::format("SELECT {} FROM jobs WHERE clinic_id = ? AND id = ?", rows::kJobCols),
                  {clinic_id, id}),
      "job", id, rows::job_from);
}

Result<std::optional<Job>> Tx::claim_next_job(std::string_view owner, TimeUs lease_duration_us) {
  if (lease_duration_us <= 0) return fail(ErrorCode::kInvalidArgument, "lease duration must be positive");
  const TimeUs now = now_us();
  // A job whose lease ran out on its last allowed attempt will not be tried again.
  PHYSIO_TRY(
      conn_.query("UPDATE jobs SET state = 'failed', finished_us = ?, lease_token = '', lease_until_us = 0, "
                  "error = CASE WHEN error = '' THEN 'lease expired on the last attempt' ELSE error END "
                  "WHERE state = 'running' AND lease_until_us < ? AND attempts >= max_attempts",
                  {now, now}));
  // PostgreSQL: SKIP LOCKED lets concurrent claimers pass over each other's rows. SQLite: the
  // transaction began IMMEDIATE, so no other writer runs between the SELECT and the UPDATE.
  const std::string sql = fmt::format(
      "UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_owner = ?, lease_token = ?, "
      "lease_until_us = ?, lease_us = ?, started_us = CASE WHEN started_us = 0 THEN ? ELSE started_us END, "
      "progress = 0, message = '' "
      "WHERE id = (SELECT id FROM jobs WHERE (state = 'queued' OR (state = 'running' AND lease_until_us < "
      "?)) "
      "AND attempts < max_attempts ORDER BY created_us, id LIMIT 1{}) RETURNING {}",
      sql::for_update_skip_locked(dialect()), rows::kJobCols);
  auto rs = PHYSIO_TRY(
      conn_.query(sql, {owner, random_id(), now + lease_duration_us, lease_duration_us, now, now}));
  if (rs.rows.empty()) return std::optional<Job>();
  return std::optional<Job>(rows::job_from(rs.rows.front()));
}

Status Tx::heartbeat_job(std::string_view job_id, std::string_view lease_token, double progress,
                         std::string_view message) {
  if (lease_token.empty()) return lease_lost(job_id);
  auto rs =
      PHYSIO_TRY(conn_.query("UPDATE jobs SET progress = ?, message = ?, lease_until_us = ? + lease_us "
                             "WHERE id = ? AND lease_token = ? AND state = 'running'",
                             {progress, message, now_us(), job_id, lease_token}));
  if (rs.affected == 0) return lease_lost(job_id);
  return ok();
}

Status Tx::complete_job(std::string_view job_id, std::string_view lease_token) {
  if (lease_token.empty()) return lease_lost(job_id);
  auto rs = PHYSIO_TRY(conn_.query(
      "UPDATE jobs SET state = 'done', progress = 1, finished_us = ?, lease_token = '', lease_until_us = 0 "
      "WHERE id = ? AND lease_token = ? AND state = 'running'",
      {now_us(), job_id, lease_token}));
  if (rs.affected == 0) return lease_lost(job_id);
  return ok();
}

Status Tx::fail_job(std::string_view job_id, std::string_view lease_token, std::string_view error,
                    bool retry) {
  if (lease_token.empty()) return lease_lost(job_id);
  auto rs = PHYSIO_TRY(conn_.query(
      fmt::format(
          "SELECT attempts, max_attempts FROM jobs WHERE id = ? AND lease_token = ? AND state = 'running'{}",
          sql::for_update(dialect())),
      {job_id, lease_token}));
  if (rs.rows.empty()) return lease_lost(job_id);
  const bool again = retry && rs.rows.front().i64(0) < rs.rows.front().i64(1);
  PHYSIO_TRY(
      conn_.query("UPDATE jobs SET state = ?, error = ?, finished_us = ?, lease_token = '', lease_until_us = "
                  "0 WHERE id = ?",
                  {again ? "queued" : "failed", error, again ? TimeUs{0} : now_us(), job_id}));
  return ok();
}

Result<std::vector<Job>> Tx::list_jobs(std::string_view clinic_id, std::string_view patient_id) {
  return rows::all(conn_.query(fmt::format("SELECT {} FROM jobs WHERE clinic_id = ? AND patient_id = ? "
                                           "ORDER BY created_us DESC, id DESC",
                                           rows::kJobCols),
                               {clinic_id, patient_id}),
                   rows::job_from);
}

}  // namespace physio::store
