#pragma once
/// The clinic's own words to its patients (docs/server/clinic-contact.md): its name, address, the telephone
/// number patients are told to phone and the emergency number they are told to call, set by the clinic's
/// administrator. Every patient-facing page, e-mail and printed document says them through the sentences
/// here, so that none of them names a number the clinic did not set: without a telephone number a patient is
/// told to "phone <clinic>", without an emergency number to "call your local emergency number".

#include <cstddef>
#include <string>
#include <string_view>

namespace physio::clinic {

struct ClinicContact {
  std::string name{};              ///< the clinic's name ("Riverside Physiotherapy")
  std::string address{};           ///< postal address, lines separated by newlines; "" = not set
  std::string phone{};             ///< the number patients phone; "" = not set
  std::string emergency_number{};  ///< the emergency number of the clinic's country ("112", "999"); "" = not set
};

inline constexpr std::size_t kMaxAddressChars = 300;
inline constexpr std::size_t kMaxPhoneChars = 32;

/// A telephone number as a person dials it: digits, spaces, "+" (first only), "-", ".", "(" and ")", at most
/// kMaxPhoneChars characters and at least `min_digits` digits (3 for an emergency number such as "112",
/// 6 for a clinic's number). "" when acceptable; "" is acceptable for an empty value (not set).
std::string phone_number_problem(std::string_view value, int min_digits);

/// "phone Riverside Physiotherapy on 020 7946 0000"; "phone Riverside Physiotherapy" without a number;
/// "phone your clinic" without a name either.
std::string phone_the_clinic(const ClinicContact& c);

/// "call 112 now" with the clinic's emergency number; "call your local emergency number now" without one.
std::string call_emergency(const ClinicContact& c);

/// The lines that close every e-mail to a patient: the clinic's name, its address and "Telephone: <number>"
/// (each only when set), newline-separated, ending with a newline; "" when nothing is set.
std::string email_footer(const ClinicContact& c);

}  // namespace physio::clinic
