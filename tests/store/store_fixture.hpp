#pragma once
// The one store test suite: every TEST_P runs against SQLite and PostgreSQL ("sqlite",
// "postgresql"). Each test gets an empty migrated store (a fresh data directory or a fresh
// database), a fake clock, and two clinics with a patient each.

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "store/store.hpp"

namespace physio::store::testing {

/// Asserts a Result is ok and yields its value.
#define STORE_OK(expr)                                                  \
  ({                                                                    \
    auto&& store_ok_r = (expr);                                         \
    if (!store_ok_r) {                                                  \
      ADD_FAILURE() << #expr << ": " << store_ok_r.error().to_string(); \
      throw std::runtime_error("store call failed");                    \
    }                                                                   \
    std::move(store_ok_r).value();                                      \
  })

/// "sqlite" / "postgresql" as the test name suffix.
inline std::string backend_param_name(const ::testing::TestParamInfo<std::string>& param) {
  return param.param;
}

class StoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override;
  void TearDown() override;

  /// Opens a second store on the same database (another server process, in effect).
  std::unique_ptr<Store> open_again();

  /// Runs raw SQL in a write transaction (tampering, checks).
  void sql(const std::string& statement);
  std::int64_t count(const std::string& table);

  clinic::Patient make_patient(const std::string& clinic_id, const std::string& given,
                               const std::string& family, const std::string& mrn = "");
  clinic::Recording make_recording(const clinic::Patient& p);

  std::unique_ptr<Store> store_;
  std::atomic<TimeUs> now_{1'700'000'000'000'000};
  clinic::Clinic clinic_a_, clinic_b_;
  clinic::Patient patient_a_, patient_b_;
  clinic::User physio_a_;

 private:
  std::filesystem::path dir_;
  std::string url_;
};

}  // namespace physio::store::testing
