physio_test(imu_functional_tests
  SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/sit_to_stand_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/sway_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/change_flags_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/tug_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/joint_rom_test.cpp
  DEPS physio::imu_functional)
