#include "store/store_fixture.hpp"

#include <unistd.h>

#include <fmt/format.h>

#include "store/pg_cluster.hpp"

namespace physio::store::testing {

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::Values("sqlite", "postgresql"), backend_param_name);

void StoreTest::SetUp() {
  if (GetParam() == "sqlite") {
    static int n = 0;
    dir_ = std::filesystem::temp_directory_path() / fmt::format("physio-store-test-{}-{}", ::getpid(), ++n);
    std::filesystem::remove_all(dir_);
    auto s = Store::open_sqlite(dir_);
    ASSERT_TRUE(s) << s.error().to_string();
    store_ = std::move(*s);
  } else {
    std::string reason;
    PgCluster* cluster = PgCluster::get(reason);
    if (cluster == nullptr) GTEST_SKIP() << "PostgreSQL unavailable: " << reason;
    url_ = cluster->create_database();
    auto s = Store::open_postgres(url_);
    ASSERT_TRUE(s) << s.error().to_string();
    store_ = std::move(*s);
  }
  store_->set_clock([this] { return now_.load(); });
  auto m = store_->migrate();
  ASSERT_TRUE(m) << m.error().to_string();

  auto seeded = store_->write([&](Tx& tx) -> Status {
    clinic_a_ = PHYSIO_TRY(tx.create_clinic({.name = "Clinic A"}));
    clinic_b_ = PHYSIO_TRY(tx.create_clinic({.name = "Clinic B"}));
    patient_a_ = PHYSIO_TRY(tx.create_patient({.clinic_id = clinic_a_.id,
                                               .given_name = "Ana",
                                               .family_name = "Silva",
                                               .birth_date = "1970-03-02",
                                               .sex = "female",
                                               .mrn = "A-001",
                                               .language = "pt",
                                               .time_zone = "Europe/Lisbon"}));
    patient_b_ =
        PHYSIO_TRY(tx.create_patient({.clinic_id = clinic_b_.id, .given_name = "Bo", .family_name = "Berg"}));
    physio_a_ = PHYSIO_TRY(tx.create_user({.clinic_id = clinic_a_.id,
                                           .email = "PT@Clinic-A.example",
                                           .role = clinic::Role::kPhysiotherapist,
                                           .display_name = "Pat Therapist",
                                           .password_hash = "$argon2id$stub"}));
    return ok();
  });
  ASSERT_TRUE(seeded) << seeded.error().to_string();
}

void StoreTest::TearDown() {
  store_.reset();
  if (!dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
}

std::unique_ptr<Store> StoreTest::open_again() {
  auto s = GetParam() == "sqlite" ? Store::open_sqlite(dir_) : Store::open_postgres(url_);
  if (!s) {
    ADD_FAILURE() << s.error().to_string();
    return nullptr;
  }
  (*s)->set_clock([this] { return now_.load(); });
  return std::move(*s);
}

void StoreTest::sql(const std::string& statement) {
  auto r = store_->write([&](Tx& tx) -> Status {
    PHYSIO_TRY(tx.connection().query(statement));
    return ok();
  });
  ASSERT_TRUE(r) << statement << ": " << r.error().to_string();
}

std::int64_t StoreTest::count(const std::string& table) {
  auto r = store_->read([&](Tx& tx) -> Result<std::int64_t> {
    auto rs = PHYSIO_TRY(tx.connection().query("SELECT COUNT(*) FROM " + table));
    return rs.rows.front().i64(0);
  });
  EXPECT_TRUE(r) << r.error().to_string();
  return r ? *r : -1;
}

clinic::Patient StoreTest::make_patient(const std::string& clinic_id, const std::string& given,
                                        const std::string& family, const std::string& mrn) {
  return STORE_OK(store_->write([&](Tx& tx) {
    return tx.create_patient(
        {.clinic_id = clinic_id, .given_name = given, .family_name = family, .mrn = mrn});
  }));
}

clinic::Recording StoreTest::make_recording(const clinic::Patient& p) {
  return STORE_OK(store_->write([&](Tx& tx) {
    return tx.create_recording({.clinic_id = p.clinic_id,
                                .patient_id = p.id,
                                .kind = "video",
                                .exercise_id = "squat",
                                .original_name = "squat.mp4",
                                .size_bytes = 1234,
                                .sha256 = std::string(64, 'a'),
                                .file_path = "recordings/x.mp4",
                                .uploaded_by = physio_a_.id});
  }));
}

}  // namespace physio::store::testing
