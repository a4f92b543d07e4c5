#pragma once
/// A clinic's demonstration videos of library exercises (migration 0022, docs/server/exercise-videos.md):
/// one per clinic and exercise. Replacing or deleting one queues the old file in erasure_files in the same
/// transaction, so a crash after the commit still deletes it (the erasure sweep at start).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"
#include "store/tx.hpp"

namespace physio::store {

struct ExerciseVideoRow {
  std::string clinic_id{};
  std::string exercise_id{};
  std::string file_path{};   ///< relative to <data>/files
  std::string media_type{};  ///< "video/mp4", "video/webm"
  std::int64_t size_bytes = 0;
  std::string sha256{};
  std::string uploaded_by{};
  TimeUs uploaded_us = 0;
};

/// Stores the clinic's video of the exercise, replacing any; the replaced file, queued for deletion.
Result<std::optional<ErasureFile>> put_exercise_video(Tx& tx, const ExerciseVideoRow& row);
Result<std::optional<ExerciseVideoRow>> get_exercise_video(Tx& tx, std::string_view clinic_id,
                                                           std::string_view exercise_id);
/// The clinic's videos, by exercise id.
Result<std::vector<ExerciseVideoRow>> list_exercise_videos(Tx& tx, std::string_view clinic_id);
/// Deletes the clinic's video of the exercise; its file, queued for deletion (nullopt: there was none).
Result<std::optional<ErasureFile>> delete_exercise_video(Tx& tx, std::string_view clinic_id,
                                                         std::string_view exercise_id, TimeUs now_us);

}  // namespace physio::store
