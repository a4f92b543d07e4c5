// A clinic's exercise videos on both back ends: one per clinic and exercise, a replaced or deleted video's
// file queued for deletion in the same transaction, and one clinic's videos invisible to another.
#include <gtest/gtest.h>

#include "store/exercise_videos.hpp"
#include "store/store_fixture.hpp"

namespace physio::store::testing {
namespace {

TEST_P(StoreTest, ExerciseVideosReplaceAndQueueTheOldFile) {
  auto put = [&](const std::string& path) {
    return STORE_OK(store_->write([&](Tx& tx) {
      return put_exercise_video(tx, {.clinic_id = clinic_a_.id,
                                     .exercise_id = "deep_squat",
                                     .file_path = path,
                                     .media_type = "video/mp4",
                                     .size_bytes = 1234,
                                     .sha256 = std::string(64, 'a'),
                                     .uploaded_by = physio_a_.id,
                                     .uploaded_us = 5'000'000});
    }));
  };
  EXPECT_FALSE(put(clinic_a_.id + "/video-1.mp4").has_value()) << "nothing replaced";
  auto replaced = put(clinic_a_.id + "/video-2.mp4");
  ASSERT_TRUE(replaced.has_value());
  EXPECT_EQ(replaced->path, "files/" + clinic_a_.id + "/video-1.mp4");
  auto got =
      STORE_OK(store_->read([&](Tx& tx) { return get_exercise_video(tx, clinic_a_.id, "deep_squat"); }));
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->file_path, clinic_a_.id + "/video-2.mp4");
  EXPECT_EQ(got->size_bytes, 1234);
  EXPECT_FALSE(
      STORE_OK(store_->read([&](Tx& tx) { return get_exercise_video(tx, clinic_b_.id, "deep_squat"); })));
  EXPECT_TRUE(STORE_OK(store_->read([&](Tx& tx) { return list_exercise_videos(tx, clinic_b_.id); })).empty());
  EXPECT_EQ(STORE_OK(store_->read([&](Tx& tx) { return list_exercise_videos(tx, clinic_a_.id); })).size(),
            1u);

  auto pending = STORE_OK(store_->read([&](Tx& tx) { return tx.list_pending_erasure_files(); }));
  ASSERT_EQ(pending.size(), 1u);
  auto gone = STORE_OK(store_->write(
      [&](Tx& tx) { return delete_exercise_video(tx, clinic_a_.id, "deep_squat", 6'000'000); }));
  ASSERT_TRUE(gone.has_value());
  EXPECT_EQ(gone->path, "files/" + clinic_a_.id + "/video-2.mp4");
  EXPECT_FALSE(STORE_OK(store_->write([&](Tx& tx) {
    return delete_exercise_video(tx, clinic_a_.id, "deep_squat", 7'000'000);
  }))) << "deleting what is not there deletes nothing";
  EXPECT_EQ(STORE_OK(store_->read([&](Tx& tx) { return tx.list_pending_erasure_files(); })).size(), 2u);
}

}  // namespace
}  // namespace physio::store::testing
