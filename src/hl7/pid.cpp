#include "hl7/pid.hpp"

#include "hl7/header.hpp"

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
  const Segment* pid = m.find("PID");
  if (pid == nullptr) {
    return issue(Location{"PID", 1, 0, 0, 0, 0, 0}, Condition::kSegmentSequence, "no PID segment");
  }
  PatientDemographics p;
  const int ids = m.repetitions(*pid, 3);
  for (int r = 1; r <= ids; ++r) {
    PatientIdentifier id{m.value(*pid, 3, 1, 1, r), m.value(*pid, 3, 4, 1, r), m.value(*pid, 3, 5, 1, r)};
    if (!id.id.empty()) p.identifiers.push_back(std::move(id));
  }
  if (p.identifiers.empty()) {
    return issue(at(3, 1), Condition::kRequiredFieldMissing, "no patient identifier");
  }
  p.name = PersonName{m.value(*pid, 5, 1), m.value(*pid, 5, 2), m.value(*pid, 5, 3), m.value(*pid, 5, 4),
                      m.value(*pid, 5, 5)};
  if (p.name.family.empty()) return issue(at(5, 1), Condition::kRequiredFieldMissing, "no family name");

  const std::string birth = m.value(*pid, 7);
  if (!birth.empty()) {
    auto t = parse_dtm(birth);
    if (!t || t->digits < 8) {
      return issue(at(7), Condition::kDataType, fmt::format("'{}' is not a DTM date", birth));
    }
    p.birth_date = iso_date(*t);
  }
  const std::string sex = m.value(*pid, 8);
  if (!sex.empty()) {
    p.sex = sex_from_code(sex);
    if (p.sex.empty()) {
      return issue(at(8), Condition::kTableValue, fmt::format("'{}' is not a sex code of table 0001", sex));
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
  const std::string death_time = m.value(*pid, 29);
  if (!death_time.empty()) {
    auto t = parse_dtm(death_time);
    if (!t) return issue(at(29), Condition::kDataType, fmt::format("'{}' is not a DTM", death_time));
    p.deceased = true;
    p.deceased_us = to_utc_us(*t, local);
  }
  const std::string indicator = m.value(*pid, 30);
  if (indicator == "Y") {
    p.deceased = true;
  } else if (indicator == "N") {
    if (p.deceased) {
      return issue(at(30), Condition::kTableValue,
                   "death indicator 'N' contradicts the death date in PID-29");
    }
  } else if (!indicator.empty()) {
    return issue(at(30), Condition::kTableValue,
                 fmt::format("'{}' is not a yes/no indicator (table 0136: Y, N)", indicator));
  }
  return p;
}

const PatientIdentifier* find_identifier(const PatientDemographics& p, std::string_view authority) {
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
