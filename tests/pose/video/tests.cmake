# Tests of streaming pose over videos/images and the skeleton overlay (src/pose/video).
# Included by tests/pose/CMakeLists.txt.
physio_test(pose_video_tests
  SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/draw_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/frame_source_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/pose_cache_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/pose_run_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/real_squats_reference_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/video_writer_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/../model_files.cpp
  DEPS physio::pose_video)

# Person identity through ../shared/data/sports2d-demo/demo.mp4 (several people in view): its own
# executable, as it runs the full model over the whole video and the exercise analysis on the result. The
# suite's two pose runs over the video (SetUpTestSuite) are read by every case: one process for them all.
# Through the test run's pose cache (tests/CMakeLists.txt): the runs and the scan of this video that the
# CLI, gait and server tests make with the same options are computed once, by whichever comes first.
physio_test(pose_identity_tests
  SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/identity_run_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/../model_files.cpp
  DEPS physio::pose_video physio::exercise
  TIMEOUT 900
  ONE_PROCESS DemoIdentity
  PROPERTIES ${PHYSIO_POSE_CACHE_PROPERTIES})
