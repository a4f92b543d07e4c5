#include "clinic/clinic_contact.hpp"

#include <cctype>

namespace physio::clinic {

std::string phone_number_problem(std::string_view value, int min_digits) {
  if (value.empty()) return {};
  if (value.size() > kMaxPhoneChars)
    return "must be at most " + std::to_string(kMaxPhoneChars) + " characters";
  int digits = 0;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const unsigned char ch = static_cast<unsigned char>(value[i]);
    if (std::isdigit(ch)) {
      ++digits;
      continue;
    }
    if (ch == '+' && i == 0) continue;
    if (ch == ' ' || ch == '-' || ch == '.' || ch == '(' || ch == ')') continue;
    return "may hold only digits, spaces, a leading +, and - . ( )";
  }
  if (digits < min_digits) return "must have at least " + std::to_string(min_digits) + " digits";
  return {};
}

std::string phone_the_clinic(const ClinicContact& c) {
  const std::string who = c.name.empty() ? std::string("your clinic") : c.name;
  return c.phone.empty() ? "phone " + who : "phone " + who + " on " + c.phone;
}

std::string call_emergency(const ClinicContact& c) {
  return c.emergency_number.empty() ? std::string("call your local emergency number now")
                                    : "call " + c.emergency_number + " now";
}

std::string email_footer(const ClinicContact& c) {
  std::string out;
  if (!c.name.empty()) out += c.name + "\n";
  if (!c.address.empty()) out += c.address + "\n";
  if (!c.phone.empty()) out += "Telephone: " + c.phone + "\n";
  return out;
}

}  // namespace physio::clinic
