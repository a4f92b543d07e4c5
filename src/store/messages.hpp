#pragma once
/// Secure messages between a patient and their clinic's clinicians (migration 0015,
/// docs/server/messages.md): one conversation per patient, read receipts, and the e-mail notice that a
/// message waits (never its text).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"
#include "store/tx.hpp"

namespace physio::store {

struct Message {
  std::string id{};
  std::string clinic_id{};
  std::string patient_id{};
  std::string sender_id{};  ///< user id
  bool from_patient = false;
  std::string body{};
  TimeUs created_us = 0;
  TimeUs read_us = 0;           ///< when the other side first opened it; 0 = unread
  std::string read_by{};        ///< user id of who opened it first
  std::string notice_status{};  ///< the e-mail notice to the patient (see the migration)
};

/// Stores a new message (id and time assigned); a patient's own message needs no notice, an automatic alert
/// on the patient's side (sender "system:...") waits for its notice to the physiotherapists.
Result<Message> insert_message(Tx& tx, Message m);

/// The patient's conversation, oldest first: the latest `limit` messages.
Result<std::vector<Message>> list_messages(Tx& tx, std::string_view clinic_id, std::string_view patient_id,
                                           int limit = 200);

/// The other side opened the conversation: every message to `reader` (from the clinic when the reader is
/// the patient, from the patient when it is a clinician) still unread is marked read at `now` by
/// `reader_id`. Returns the ids it marked.
Result<std::vector<std::string>> mark_messages_read(Tx& tx, std::string_view clinic_id,
                                                    std::string_view patient_id, bool reader_is_patient,
                                                    std::string_view reader_id, TimeUs now);

/// Unread messages to patients and automatic alerts, written at or before `before_us`, whose notice is
/// undecided (all clinics).
Result<std::vector<Message>> messages_awaiting_notice(Tx& tx, TimeUs before_us, int limit = 500);

/// Records what happened to a message's notice; only an undecided one changes (false when another server
/// decided first).
Result<bool> set_message_notice(Tx& tx, std::string_view clinic_id, std::string_view id,
                                std::string_view status);

/// What the e-mail claimed as "sending" became ("sent", "failed: ...").
Status finish_message_notice(Tx& tx, std::string_view clinic_id, std::string_view id,
                             std::string_view status);

/// Messages the patient has not read, and those from the patient no clinician has read.
struct UnreadCounts {
  std::int64_t to_patient = 0;
  std::int64_t from_patient = 0;
};
Result<UnreadCounts> unread_messages(Tx& tx, std::string_view clinic_id, std::string_view patient_id);

/// The automatic messages `sender_id` wrote into the patient's conversation (e.g. "system:pain-alert") and
/// no clinician has read, marked read by `reader_id` at `now`: the clinician dealt with what they announce
/// (acknowledged the alert). Messages the patient wrote stay unread. Returns how many were marked.
Result<std::int64_t> mark_automatic_read(Tx& tx, std::string_view clinic_id, std::string_view patient_id,
                                         std::string_view sender_id, std::string_view reader_id, TimeUs now);

}  // namespace physio::store
