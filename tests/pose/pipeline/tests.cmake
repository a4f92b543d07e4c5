# Tests of the BlazePose pipeline (src/pose/pipeline). Included by tests/pose/CMakeLists.txt.
physio_test(pose_pipeline_tests
  SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/anchors_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/detection_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/image_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/image_to_tensor_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/jpeg_decode_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/landmark_decoding_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/landmark_smoothing_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/person_identity_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/pose_tracker_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/reference_agreement_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/roi_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/../model_files.cpp
  DEPS physio::pose_pipeline)
# The JPEG tests encode their photos with libjpeg-turbo itself.
target_link_libraries(pose_pipeline_tests PRIVATE turbojpeg)

# Agreement with MediaPipe on frames of ../shared/data/sports2d-demo/demo.mp4 (decoding, detector and tracking
# paths), its own executable so the video decoding and three models stay out of the unit tests' runtime.
physio_test(pose_video_reference_tests
  SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/video_reference_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/frame125_sensitivity_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/../model_files.cpp
  DEPS physio::pose_pipeline)

# Agreement with MediaPipe on multi-person, non-square JPEG photos made at test time from frames of
# ../shared/data (the still-image path of `physio pose`, three models), its own executable like the video one.
physio_test(pose_photo_reference_tests
  SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/photo_reference_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/../model_files.cpp
  DEPS physio::pose_video)
target_link_libraries(pose_photo_reference_tests PRIVATE turbojpeg)
