# End-to-end pose on video: decode-only baseline, decode overlapped with tracking-mode pose, per-frame
# tracking latency (lite/full, 1/2 threads) and peak RSS on a generated 10-minute 1080p video (ffmpeg CLI,
# written to /tmp, never committed). A timed tool printing medians; see bench/RESULTS.md.
if(TARGET physio_pose_video)
  add_executable(bench_pose_video ${CMAKE_CURRENT_LIST_DIR}/pose_video_bench.cpp)
  target_link_libraries(bench_pose_video PRIVATE physio::pose_video Threads::Threads)
  target_compile_definitions(bench_pose_video PRIVATE PHYSIO_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  physio_warnings(bench_pose_video)
endif()
