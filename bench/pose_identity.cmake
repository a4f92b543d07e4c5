# Person identity check: the per-frame work `follow_identity` adds to PoseTracker (person_state from the
# auxiliary landmarks + compare_person; choose_detection on detector frames), next to same-run baselines
# (a no-op pass over the same frames, the tracked ROI every tracking frame computes). Synthetic landmarks,
# no models. See bench/RESULTS.md.
add_executable(bench_pose_identity ${CMAKE_CURRENT_LIST_DIR}/pose_identity_bench.cpp)
target_link_libraries(bench_pose_identity PRIVATE physio::pose_pipeline benchmark::benchmark)
physio_warnings(bench_pose_identity)
