# Foot-worn IMU gait analysis: synthetic known-answer tests, gaitmap mocap validation, bad input.
physio_test(imu_gait_foot_tests
  SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/foot_gait_synthetic_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/foot_gait_bad_input_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/foot_gait_validation_test.cpp
  DEPS physio::imu_gait_foot)
