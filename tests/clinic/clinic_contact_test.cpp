#include "clinic/clinic_contact.hpp"

#include <gtest/gtest.h>

namespace physio::clinic {
namespace {

TEST(ClinicContact, PhoneNumbersAsPeopleDialThem) {
  EXPECT_EQ(phone_number_problem("", 6), "");
  EXPECT_EQ(phone_number_problem("+351 210 000 000", 6), "");
  EXPECT_EQ(phone_number_problem("(020) 7946-0000", 6), "");
  EXPECT_EQ(phone_number_problem("112", 3), "");
  EXPECT_NE(phone_number_problem("112", 6), "");
  EXPECT_NE(phone_number_problem("12", 3), "");
  EXPECT_NE(phone_number_problem("call 112", 3), "");
  EXPECT_NE(phone_number_problem("210+000", 3), "");  // "+" only first
  EXPECT_NE(phone_number_problem(std::string(33, '1'), 3), "");
  EXPECT_EQ(phone_number_problem(std::string(32, '1'), 3), "");
}

TEST(ClinicContact, SentencesSayOnlyWhatTheClinicSet) {
  ClinicContact c;
  EXPECT_EQ(phone_the_clinic(c), "phone your clinic");
  EXPECT_EQ(call_emergency(c), "call your local emergency number now");
  EXPECT_EQ(email_footer(c), "");
  c.name = "Riverside Physiotherapy";
  EXPECT_EQ(phone_the_clinic(c), "phone Riverside Physiotherapy");
  EXPECT_EQ(email_footer(c), "Riverside Physiotherapy\n");
  c.phone = "020 7946 0000";
  c.emergency_number = "999";
  c.address = "1 River Street\nLondon";
  EXPECT_EQ(phone_the_clinic(c), "phone Riverside Physiotherapy on 020 7946 0000");
  EXPECT_EQ(call_emergency(c), "call 999 now");
  EXPECT_EQ(email_footer(c), "Riverside Physiotherapy\n1 River Street\nLondon\nTelephone: 020 7946 0000\n");
}

}  // namespace
}  // namespace physio::clinic
