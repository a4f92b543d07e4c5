// HL7 v2 inbound: hl7::receive's verdict, then the accepted event applied to the store (see the header).
#include "server/interop/hl7_inbound.hpp"

#include "clinic/validation.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "core/file_io.hpp"
#include "hl7/inbound.hpp"
#include "hl7/serializer.hpp"
#include "rehab/tz_system.hpp"
#include "security/hash.hpp"
#include "security/random.hpp"
#include "server/http/handler_util.hpp"
#include "server/http/http_util.hpp"
#include "store/patient_registration.hpp"

namespace physio::server {
namespace {

using hl7::AckCode;
using hl7::Condition;
using hl7::Issue;
using hl7::Location;

/// A refusal of our own (the message was well formed but cannot be applied): AE, nothing stored.
struct Refusal {
  Issue issue;
};

struct Applied {
  std::string action, record_type, record_id, patient_id;
  bool duplicate = false;
};

Location at(std::string segment, int field) {
  Location l;
  l.segment = std::move(segment);
  l.field = field;
  return l;
}

/// The registration's address from PID-11: the home address (XAD.7 "H"), else the first. Street and other
/// designation are the address lines; the country is kept when it is an ISO 3166-1 alpha-2 code (HL7 table
/// 0399 also allows alpha-3, which is left unrecorded rather than guessed).
std::optional<clinic::Registration> address_from(const hl7::PatientDemographics& d, clinic::Registration r) {
  if (d.addresses.empty()) return std::nullopt;
  const hl7::PostalAddress* a = &d.addresses.front();
  for (const auto& x : d.addresses)
    if (x.type == "H") {
      a = &x;
      break;
    }
  r.address_lines = a->other.empty() ? a->street : a->street + "\n" + a->other;
  r.city = a->city;
  r.region = a->state;
  r.postcode = a->postal_code;
  r.country = clinic::find_country(a->country) != nullptr ? a->country : "";
  return r;
}

/// Records PID-11's address in the patient's registration details (the other details kept), or the
/// refusal naming PID-11 and the field when a part is not acceptable (as on the pages).
std::optional<Refusal> store_address(store::Tx& tx, const std::string& clinic_id,
                                     const std::string& patient_id, const hl7::PatientDemographics& d,
                                     const std::string& sender, Result<void>& store_status) {
  if (d.addresses.empty()) return std::nullopt;
  auto row = store::get_patient_registration(tx, clinic_id, patient_id);
  if (!row) {
    store_status = std::unexpected(row.error());
    return Refusal{};
  }
  auto next = address_from(d, row->details);
  if (!next || *next == row->details) return std::nullopt;
  for (const auto& problem : clinic::registration_problems(*next)) {
    const auto* f = clinic::find_registration_field(problem.field);
    return Refusal{{at("PID", 11), Condition::kDataType,
                    "the address's " + std::string(f ? f->label : problem.field) + " " + problem.problem}};
  }
  if (auto put = store::put_patient_registration(tx, clinic_id, patient_id, *next, "hl7:" + sender); !put) {
    store_status = std::unexpected(put.error());
    return Refusal{};
  }
  return std::nullopt;
}

/// The message's patient: found by MRN, or registered from PID when `may_create`.
std::variant<clinic::Patient, Refusal> upsert_patient(store::Tx& tx, const std::string& clinic_id,
                                                      const hl7::PatientDemographics& d,
                                                      const std::string& authority, bool update,
                                                      bool& created, Result<void>& store_status) {
  created = false;
  // The same rules as a name entered on the pages (security finding: CR, LF, NUL and 5,000 characters were
  // stored from PID-5).
  for (const auto& [what, value] :
       {std::pair{"family name", &d.name.family}, std::pair{"given name", &d.name.given}})
    if (auto problem = clinic::text_problem(*value, 100); !problem.empty())
      return Refusal{{at("PID", 5), Condition::kDataType, std::string("the ") + what + " " + problem}};
  const auto* id = hl7::find_identifier(d, authority);  // the record number hl7::receive chose
  if (id == nullptr || id->id.empty())
    return Refusal{{at("PID", 3), Condition::kRequiredFieldMissing,
                    authority.empty()
                        ? "no identifier of type MR (the clinic's record number)"
                        : "no identifier issued by " + authority + " (the clinic's record number)"}};
  // An erased patient is not registered again from a later message, and a restricted record (GDPR
  // art. 17, 18; docs/server/privacy.md) is not changed by one.
  auto erased = tx.find_tombstone_by_mrn(clinic_id, id->id);
  if (!erased) {
    store_status = std::unexpected(erased.error());
    return Refusal{};
  }
  if (*erased)
    return Refusal{{at("PID", 3), Condition::kRecordLocked,
                    "the patient with record number " + id->id + " was erased on " +
                        iso_time((*erased)->erased_us).substr(0, 10) +
                        "; the record is gone and is not registered again"}};
  auto existing = tx.find_patient_by_mrn(clinic_id, id->id);
  if (!existing) {
    store_status = std::unexpected(existing.error());
    return Refusal{};
  }
  hl7::PatientUpsert u;
  u.patient = d;
  if (*existing) {
    auto restricted = tx.get_restriction(clinic_id, (*existing)->id);
    if (!restricted) {
      store_status = std::unexpected(restricted.error());
      return Refusal{};
    }
    if (*restricted)
      return Refusal{{at("PID", 3), Condition::kRecordLocked,
                      restriction_words(**restricted) + "; messages about it are refused while it lasts"}};
    if (!update) return **existing;
    auto p = tx.update_patient(hl7::to_clinic_patient(u, authority, **existing));
    if (!p) {
      store_status = std::unexpected(p.error());
      return Refusal{};
    }
    return *p;
  }
  if (d.name.family.empty() && d.name.given.empty())
    return Refusal{{at("PID", 5), Condition::kRequiredFieldMissing, "a new patient needs a name"}};
  if (d.birth_date.empty())
    return Refusal{{at("PID", 7), Condition::kRequiredFieldMissing, "a new patient needs a birth date"}};
  clinic::Patient base;
  base.clinic_id = clinic_id;
  auto p = tx.create_patient(hl7::to_clinic_patient(u, authority, base));
  if (!p) {
    store_status = std::unexpected(p.error());
    return Refusal{};
  }
  created = true;
  return *p;
}

bool is_staff(const clinic::User& u) {
  return !u.disabled && (u.role == clinic::Role::kPhysiotherapist || u.role == clinic::Role::kAssistant);
}

/// The key a sender's practitioner id is remembered under: the id with its assigning authority (XCN.9),
/// since one sender may send ids of several issuers (an NPI and its own staff number).
std::string external_key(const hl7::Practitioner& p) {
  return p.authority.empty() ? p.id : p.id + "^" + p.authority;
}

std::string describe(const hl7::Practitioner& p) {
  std::string out = "practitioner";
  if (!p.id.empty()) out += " '" + p.id + "'" + (p.authority.empty() ? "" : " of " + p.authority);
  const std::string name = p.given.empty() ? p.family : p.given + " " + p.family;
  if (!name.empty()) out += " (" + name + ")";
  return out;
}

/// The clinic user a booking's practitioner (AIP-3, each AIP in turn) is. By identifier first: a clinic user
/// id issued by us (XCN.9 PHYSIOKIT, as our MDM messages write it), else the sender's id and authority
/// mapped before; then by name parts (XCN family, given, middle) against the display names of the active
/// physiotherapists and assistants, credentials and titles aside (the match is remembered for that id).
/// Refused, naming the AIP-3, when an id of ours is no staff member, or no AIP or several staff match.
std::variant<std::string, Refusal> practitioner_for(store::Tx& tx, const std::string& clinic_id,
                                                    const std::string& sender,
                                                    const std::vector<hl7::Practitioner>& named,
                                                    Result<void>& store_status) {
  if (named.empty())
    return Refusal{{at("AIP", 3), Condition::kRequiredFieldMissing, "the booking names no practitioner"}};
  auto users = tx.list_users(clinic_id);
  if (!users) {
    store_status = std::unexpected(users.error());
    return Refusal{};
  }
  auto aip = [](std::size_t i) {
    Location l = at("AIP", 3);
    l.sequence = static_cast<int>(i) + 1;
    return l;
  };
  for (std::size_t i = 0; i < named.size(); ++i) {
    const auto& p = named[i];
    if (p.id.empty()) continue;
    if (p.authority == hl7::kNamespace) {
      for (const auto& u : *users)
        if (u.id == p.id && is_staff(u)) return u.id;
      return Refusal{{aip(i), Condition::kTableValue,
                      describe(p) + " is no active physiotherapist or assistant of this clinic"}};
    }
    auto mapped = tx.find_external_id(clinic_id, sender, "practitioner", external_key(p));
    if (!mapped) {
      store_status = std::unexpected(mapped.error());
      return Refusal{};
    }
    if (*mapped) return **mapped;
  }
  for (std::size_t i = 0; i < named.size(); ++i) {
    const auto& p = named[i];
    std::vector<const clinic::User*> found;
    for (const auto& u : *users)
      if (is_staff(u) && hl7::display_name_matches(u.display_name, p)) found.push_back(&u);
    if (found.size() > 1)
      return Refusal{
          {aip(i), Condition::kTableValue, describe(p) + " matches several staff members by name"}};
    if (found.empty()) continue;
    if (!p.id.empty()) {
      if (auto st = tx.put_external_id(clinic_id, sender, "practitioner", external_key(p), found.front()->id);
          !st) {
        store_status = std::unexpected(st.error());
        return Refusal{};
      }
    }
    return found.front()->id;
  }
  return Refusal{{aip(0), Condition::kTableValue,
                  describe(named.front()) +
                      " matches no physiotherapist or assistant of this clinic by identifier or name"}};
}

}  // namespace

Result<hl7::SenderProfiles> load_sender_profiles(const std::filesystem::path& file,
                                                 const rehab::TzOffsetProvider& tz) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) return hl7::SenderProfiles{};
  const std::string text = PHYSIO_TRY(load_text_file(file, 1024 * 1024));
  auto profiles = PHYSIO_TRY(hl7::parse_sender_profiles(text, file.string()));
  int n = 0;
  for (const auto& p : profiles.senders) {
    ++n;
    if (!p.time_zone.empty() && !tz.utc_offset_s(p.time_zone, 0))
      return fail(ErrorCode::kInvalidArgument,
                  "{}: senders[{}] ({}): time_zone '{}': not a time zone of this "
                  "system's tz database",
                  file.string(), n, p.application, p.time_zone);
  }
  return profiles;
}

Hl7Inbound::Hl7Inbound(store::Store& store, Hl7InboundOptions options)
    : store_(store), options_(std::move(options)) {
  if (!options_.tz) options_.tz = std::make_shared<rehab::SystemTzProvider>();
}

Hl7Outcome Hl7Inbound::handle(std::string_view message, std::string_view peer) {
  hl7::ReceiveOptions ro;
  ro.ours.sending_application = options_.application;
  ro.ours.sending_facility = options_.clinic_id;
  ro.ours.control_id = security::random_id();
  ro.ours.time_us = now_us();
  ro.ours.version = options_.ack_version;
  const auto tz = options_.tz;
  // Minutes east of UTC for a local wall time: the offset at that wall time read as UTC, corrected once.
  ro.zone_offset = [tz](const std::string& zone) -> hl7::LocalOffset {
    return [tz, zone](TimeUs wall) {
      const auto first = tz->utc_offset_s(zone, wall).value_or(0);
      return static_cast<int>(tz->utc_offset_s(zone, wall - first * 1'000'000).value_or(first) / 60);
    };
  };
  ro.local = ro.zone_offset(options_.time_zone);
  ro.identifier.authority = options_.mrn_authority;
  ro.senders = &options_.senders;
  hl7::Receipt r = hl7::receive(message, ro);
  Hl7Outcome out;
  for (const auto& w : r.warnings) out.warnings.push_back(w.to_string());
  auto answer = [&](AckCode code, const std::vector<Issue>& issues) {
    out.ack_code = std::string(hl7::to_string(code));
    out.ack_text = hl7::serialize(hl7::build_ack(r.received, code, issues, ro.ours, r.warnings));
    out.problem = issues.empty() ? "" : issues.front().to_string();
    return out;
  };
  if (r.code != AckCode::kAccept) {
    out.ack_code = std::string(hl7::to_string(r.code));
    out.ack_text = r.ack_text;
    out.problem = r.issues.empty() ? "" : r.issues.front().to_string();
    spdlog::warn("hl7 from {}: {} {}: {}", peer, out.ack_code, r.received.control_id, out.problem);
    return out;
  }

  const std::string sender = r.received.sending_application + "^" + r.received.sending_facility;
  const std::string& clinic_id = options_.clinic_id;
  // Every refusal of ours, so that the sender can fix them all at once; the transaction is rolled back.
  std::vector<Issue> refused;
  auto refuse = [&](Issue i) { refused.push_back(std::move(i)); };
  auto applied = store_.write([&](store::Tx& tx) -> Result<Applied> {
    refused.clear();  // the store may run the function again
    Applied a;
    store::Hl7Inbound log{.clinic_id = clinic_id,
                          .sender = sender,
                          .control_id = r.received.control_id,
                          .message_type = "",
                          .received_us = 0,
                          .message_sha256 = security::sha256_hex(message)};
    Result<void> store_status;
    bool created = false;
    if (const auto* u = std::get_if<hl7::PatientUpsert>(&r.event)) {
      log.message_type = "ADT^" + u->trigger;
      if (!PHYSIO_TRY(tx.claim_hl7_message(log))) {
        a.duplicate = true;
        return a;
      }
      auto p = upsert_patient(tx, clinic_id, u->patient, options_.mrn_authority, true, created, store_status);
      PHYSIO_CHECK(store_status);
      if (auto* no = std::get_if<Refusal>(&p)) {
        refuse(no->issue);
        return fail(ErrorCode::kInvalidArgument, "refused");
      }
      const auto& patient = std::get<clinic::Patient>(p);
      if (auto no = store_address(tx, clinic_id, patient.id, u->patient, sender, store_status)) {
        PHYSIO_CHECK(store_status);
        refuse(no->issue);
        return fail(ErrorCode::kInvalidArgument, "refused");
      }
      a = {created ? "hl7.patient.create" : "hl7.patient.update", "patient", patient.id, patient.id};
    } else if (const auto* c = std::get_if<hl7::AppointmentChange>(&r.event)) {
      log.message_type = "SIU^" + c->trigger;
      if (!PHYSIO_TRY(tx.claim_hl7_message(log))) {
        a.duplicate = true;
        return a;
      }
      const std::string external = !c->filler_id.empty() ? c->filler_id : c->placer_id;
      if (external.empty()) {
        refuse({at("SCH", 2), Condition::kRequiredFieldMissing, "no filler or placer appointment id"});
        return fail(ErrorCode::kInvalidArgument, "refused");
      }
      const bool book = c->action == hl7::AppointmentAction::kBook;
      auto p =
          upsert_patient(tx, clinic_id, c->patient, options_.mrn_authority, false, created, store_status);
      PHYSIO_CHECK(store_status);
      const clinic::Patient* patient = std::get_if<clinic::Patient>(&p);
      if (auto* no = std::get_if<Refusal>(&p)) refuse(no->issue);
      auto known = PHYSIO_TRY(tx.find_external_id(clinic_id, sender, "appointment", external));
      if (!known && !book) {
        refuse({at("SCH", 2), Condition::kTableValue,
                "appointment '" + external + "' is not known here (it was never booked with S12)"});
        return fail(ErrorCode::kInvalidArgument, "refused");
      }
      if (known) {
        if (patient == nullptr) return fail(ErrorCode::kInvalidArgument, "refused");
        auto current = PHYSIO_TRY(tx.get_appointment(clinic_id, *known));
        if (current.patient_id != patient->id) {
          refuse({at("PID", 3), Condition::kTableValue,
                  "appointment '" + external + "' belongs to another patient"});
          return fail(ErrorCode::kInvalidArgument, "refused");
        }
        auto next = hl7::to_clinic_appointment(*c, current);
        auto saved = PHYSIO_TRY(tx.update_appointment(next));
        a = {"hl7.appointment.update", "appointment", saved.id, patient->id};
      } else {
        if (c->start_us == 0)
          refuse({at("SCH", 11), Condition::kRequiredFieldMissing, "a booking needs its start time"});
        // The practitioner is looked for even when the patient was refused: the AE names both.
        auto staff = practitioner_for(tx, clinic_id, sender, c->practitioners, store_status);
        PHYSIO_CHECK(store_status);
        if (auto* no = std::get_if<Refusal>(&staff)) refuse(no->issue);
        if (!refused.empty() || patient == nullptr) return fail(ErrorCode::kInvalidArgument, "refused");
        clinic::Appointment base;
        base.clinic_id = clinic_id;
        base.patient_id = patient->id;
        base.practitioner_id = std::get<std::string>(staff);
        auto saved = PHYSIO_TRY(tx.create_appointment(hl7::to_clinic_appointment(*c, base)));
        PHYSIO_CHECK(tx.put_external_id(clinic_id, sender, "appointment", external, saved.id));
        a = {"hl7.appointment.create", "appointment", saved.id, patient->id};
      }
    } else {
      return fail(ErrorCode::kInternal, "an accepted message without an event");
    }
    PHYSIO_CHECK(
        tx.set_hl7_message_record(clinic_id, sender, r.received.control_id, a.record_type, a.record_id));
    store::AuditEventInput e;
    e.clinic_id = clinic_id;
    e.actor_id = "hl7:" + sender;
    e.role = "interface";
    e.action = a.action;
    e.record_type = a.record_type;
    e.record_id = a.record_id;
    e.patient_id = a.patient_id;
    e.client = std::string(peer);
    e.detail = log.message_type + " " + r.received.control_id;
    PHYSIO_CHECK(tx.append_audit({e}));
    return a;
  });
  if (!refused.empty()) {
    spdlog::warn("hl7 from {}: AE {}: {}", peer, r.received.control_id, refused.front().to_string());
    return answer(AckCode::kError, refused);
  }
  if (!applied) {
    spdlog::error("hl7 from {}: {} could not be stored: {}", peer, r.received.control_id,
                  applied.error().to_string());
    out.ack_code = "AE";
    out.ack_text =
        hl7::serialize(hl7::internal_error_ack(r.received, "the message could not be stored", ro.ours));
    out.problem = "the message could not be stored";
    return out;
  }
  out.action = applied->action;
  out.record_id = applied->record_id;
  out.duplicate = applied->duplicate;
  out.ack_code = "AA";
  out.ack_text = r.ack_text;
  return out;
}

}  // namespace physio::server
