#include "hl7/pid.hpp"

#include "hl7/header.hpp"

#include <algorithm>
#include <iterator>

#include <fmt/format.h>

namespace physio::hl7 {
namespace {

Location at(int field, int component = 0, int repetition = 0) {
  return Location{"PID", 1, field, repetition, component, 0, 0};
}

std::string sex_from_code(std::string_view code) {
  if (code == "F") return "female";
  if (code == "M") return "male";
  if (code == "O" || code == "A") return "other";
  if (code == "U" || code == "N") return "unknown";
  return "";
}

std::string sex_to_code(std::string_view sex) {
  if (sex == "female") return "F";
  if (sex == "male") return "M";
  if (sex == "other") return "O";
  if (sex == "unknown") return "U";
  return "";
}

std::string phone_of(const Message& m, const Segment& pid, int field, int rep) {
  std::string number = m.value(pid, field, 1, 1, rep);
  if (!number.empty()) return number;
  const std::string country = m.value(pid, field, 5, 1, rep);
  const std::string area = m.value(pid, field, 6, 1, rep);
  const std::string local = m.value(pid, field, 7, 1, rep);
  const std::string ext = m.value(pid, field, 8, 1, rep);
  if (!local.empty()) {
    if (!country.empty()) number += "+" + country + " ";
    if (!area.empty()) number += area + " ";
    number += local;
    if (!ext.empty()) number += " x" + ext;
    return number;
  }
  return m.value(pid, field, 12, 1, rep);
}

}  // namespace

Hl7Result<PatientDemographics> read_pid(const Message& m, const LocalOffset& local) {
  ReadRules rules;
  rules.local = local;
  rules.choose_record_number = false;
  Findings f;
  PatientDemographics p = read_pid(m, rules, f);
  if (!f.errors.empty()) return std::unexpected(f.errors.front());
  return p;
}

PatientDemographics read_pid(const Message& m, const ReadRules& rules, Findings& f) {
  PatientDemographics p;
  const Segment* pid = m.find("PID");
  if (pid == nullptr) {
    f.error(Location{"PID", 1, 0, 0, 0, 0, 0}, Condition::kSegmentSequence, "no PID segment");
    return p;
  }
  const LocalOffset& local = rules.local;
  const int ids = m.repetitions(*pid, 3);
  for (int r = 1; r <= ids; ++r) {
    PatientIdentifier id{read_value(m, *pid, 3, 1, f, r), read_value(m, *pid, 3, 4, f, r),
                         read_value(m, *pid, 3, 5, f, r)};
    if (id.assigning_authority.empty()) {
      // An authority given as an OID only (CX.4.2 with CX.4.1 empty) is still its authority.
      id.assigning_authority = trim_value(m.value(*pid, 3, 4, 2, r), at(3, 4, r), f);
    }
    if (id.id.empty()) continue;
    if (id.type_code.empty() && !rules.identifier.untyped_as.empty()) {
      id.type_code = rules.identifier.untyped_as;
      f.warn(at(3, 5, r), Condition::kRequiredFieldMissing,
             fmt::format("identifier '{}' has no type (CX.5); read as {} as set for this sender", id.id,
                         id.type_code));
    }
    p.identifiers.push_back(std::move(id));
  }
  if (p.identifiers.empty()) f.error(at(3, 1), Condition::kRequiredFieldMissing, "no patient identifier");
  p.name =
      PersonName{read_value(m, *pid, 5, 1, f), read_value(m, *pid, 5, 2, f), read_value(m, *pid, 5, 3, f),
                 read_value(m, *pid, 5, 4, f), read_value(m, *pid, 5, 5, f)};
  if (p.name.family.empty()) f.error(at(5, 1), Condition::kRequiredFieldMissing, "no family name");

  const std::string birth = trim_value(m.value(*pid, 7), at(7), f);
  if (!birth.empty()) {
    auto t = parse_dtm(birth);
    if (!t || t->digits < 8) {
      f.error(at(7), Condition::kDataType, fmt::format("'{}' is not a DTM date", birth));
    } else {
      p.birth_date = iso_date(*t);
    }
  }
  const std::string sex = trim_value(m.value(*pid, 8), at(8), f);
  if (!sex.empty()) {
    p.sex = sex_from_code(sex);
    if (p.sex.empty()) {
      // Lower case, or the word itself, is unambiguous.
      std::string upper;
      for (char c : sex) upper += static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
      const std::string code = upper == "FEMALE" ? "F" : upper == "MALE" ? "M" : upper;
      p.sex = sex_from_code(code);
      if (p.sex.empty()) {
        f.error(at(8), Condition::kTableValue, fmt::format("'{}' is not a sex code of table 0001", sex));
      } else {
        f.warn(at(8), Condition::kTableValue, fmt::format("'{}' read as table 0001 code '{}'", sex, code));
      }
    }
  }
  const int addrs = m.repetitions(*pid, 11);
  for (int r = 1; r <= addrs; ++r) {
    PostalAddress a{m.value(*pid, 11, 1, 1, r), m.value(*pid, 11, 2, 1, r), m.value(*pid, 11, 3, 1, r),
                    m.value(*pid, 11, 4, 1, r), m.value(*pid, 11, 5, 1, r), m.value(*pid, 11, 6, 1, r),
                    m.value(*pid, 11, 7, 1, r)};
    if (a != PostalAddress{}) p.addresses.push_back(std::move(a));
  }
  const int contacts = m.repetitions(*pid, 13);
  for (int r = 1; r <= contacts; ++r) {
    ContactPoint c;
    c.use = m.value(*pid, 13, 2, 1, r);
    const std::string equipment = m.value(*pid, 13, 3, 1, r);
    if (c.use == "NET" || equipment == "Internet" || equipment == "X.400") {
      c.kind = ContactPoint::Kind::kEmail;
      c.value = m.value(*pid, 13, 4, 1, r);
      if (c.value.empty()) c.value = m.value(*pid, 13, 1, 1, r);
    } else {
      c.value = phone_of(m, *pid, 13, r);
    }
    if (!c.value.empty()) p.contacts.push_back(std::move(c));
  }
  const std::string death_time = trim_value(m.value(*pid, 29), at(29), f);
  if (!death_time.empty()) {
    auto t = parse_dtm(death_time);
    if (!t) {
      f.error(at(29), Condition::kDataType, fmt::format("'{}' is not a DTM", death_time));
    } else {
      p.deceased = true;
      p.deceased_us = to_utc_us(*t, local);
    }
  }
  const std::string indicator = trim_value(m.value(*pid, 30), at(30), f);
  if (indicator == "Y") {
    p.deceased = true;
  } else if (indicator == "N") {
    if (p.deceased) {
      f.error(at(30), Condition::kTableValue, "death indicator 'N' contradicts the death date in PID-29");
    }
  } else if (!indicator.empty()) {
    f.error(at(30), Condition::kTableValue,
            fmt::format("'{}' is not a yes/no indicator (table 0136: Y, N)", indicator));
  }
  if (rules.choose_record_number && !p.identifiers.empty()) choose_record_number(p, rules.identifier, f);
  return p;
}

namespace {

bool never_record_number(std::string_view type) {
  if (type.size() == 5 && type.substr(0, 2) == "NN") return true;  // NNxxx: a national number
  return std::find(std::begin(kNotRecordNumberTypes), std::end(kNotRecordNumberTypes), type) !=
         std::end(kNotRecordNumberTypes);
}

std::string describe(const PatientIdentifier& id) {
  std::string out = "'" + id.id + "'";
  if (!id.type_code.empty()) out += " type " + id.type_code;
  if (!id.assigning_authority.empty()) out += " of " + id.assigning_authority;
  return out;
}

}  // namespace

void choose_record_number(PatientDemographics& p, const IdentifierRule& rule, Findings& f) {
  const std::string type = rule.type.empty() ? "MR" : rule.type;
  std::string held;
  for (const auto& id : p.identifiers) held += (held.empty() ? "" : ", ") + describe(id);
  if (!rule.authority.empty()) {
    for (const auto& id : p.identifiers) {
      if (id.assigning_authority == rule.authority) {
        p.record_number = id;
        return;
      }
    }
    f.error(at(3, 4), Condition::kRequiredFieldMissing,
            fmt::format("no identifier issued by {} (the clinic's record number); PID-3 holds {}",
                        rule.authority, held));
    return;
  }
  for (const auto& id : p.identifiers) {
    if (id.type_code == type) {
      p.record_number = id;
      return;
    }
  }
  std::vector<const PatientIdentifier*> candidates;
  for (const auto& id : p.identifiers) {
    if (id.assigning_authority == kNamespace || never_record_number(id.type_code)) continue;
    candidates.push_back(&id);
  }
  if (candidates.size() == 1) {
    p.record_number = *candidates.front();
    f.warn(at(3, 5), Condition::kRequiredFieldMissing,
           fmt::format("no identifier of type {}; {} is the only one that can be the record number and "
                       "was read as it",
                       type, describe(p.record_number)));
    return;
  }
  std::string could;
  for (const auto* id : candidates) could += (could.empty() ? "" : ", ") + describe(*id);
  f.error(at(3, 5), Condition::kRequiredFieldMissing,
          candidates.empty()
              ? fmt::format("no identifier of type {} and none that could be a record number; PID-3 holds {}",
                            type, held)
              : fmt::format("no identifier of type {}, and {} could each be the record number; the "
                            "sender's identifier authority or type says which",
                            type, could));
}

const PatientIdentifier* find_identifier(const PatientDemographics& p, std::string_view authority) {
  if (!p.record_number.id.empty()) return &p.record_number;
  for (const auto& id : p.identifiers) {
    if (!authority.empty() && id.assigning_authority == authority) return &id;
  }
  for (const auto& id : p.identifiers) {
    if (id.type_code == "MR") return &id;
  }
  return nullptr;
}

void write_pid(Message& m, const PatientDemographics& p) {
  const int n = m.count("PID") + 1;
  auto path = [n](int field, int rep, int comp) { return Path{"PID", n, field, rep, comp, 0}; };
  m.set(path(1, 1, 0), "1");
  int r = 1;
  for (const auto& id : p.identifiers) {
    m.set(path(3, r, 1), id.id);
    m.set(path(3, r, 4), id.assigning_authority);
    m.set(path(3, r, 5), id.type_code);
    ++r;
  }
  m.set(path(5, 1, 1), p.name.family);
  m.set(path(5, 1, 2), p.name.given);
  if (!p.name.middle.empty()) m.set(path(5, 1, 3), p.name.middle);
  m.set(path(7, 1, 0), dtm_from_iso_date(p.birth_date));
  m.set(path(8, 1, 0), sex_to_code(p.sex));
}

PatientDemographics demographics_from(const clinic::Patient& patient, std::string_view mrn_authority) {
  PatientDemographics p;
  if (!patient.mrn.empty()) p.identifiers.push_back({patient.mrn, std::string(mrn_authority), "MR"});
  if (!patient.id.empty()) p.identifiers.push_back({patient.id, std::string(kNamespace), "PI"});
  p.name.family = patient.family_name;
  p.name.given = patient.given_name;
  p.birth_date = patient.birth_date;
  p.sex = patient.sex;
  if (!patient.phone.empty()) p.contacts.push_back({ContactPoint::Kind::kPhone, patient.phone, "PRN"});
  if (!patient.email.empty()) p.contacts.push_back({ContactPoint::Kind::kEmail, patient.email, "NET"});
  return p;
}

}  // namespace physio::hl7
