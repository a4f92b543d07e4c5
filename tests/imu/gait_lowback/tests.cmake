# Lower-back gait analysis tests (synthetic known answers, INDIP validation, bad input).
physio_test(imu_gait_lowback_tests
  SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/synthetic_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/validation_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/input_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/per_second_test.cpp
  DEPS physio::imu_gait_lowback)
