physio_module(imu_functional
  SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/signal_ops.cpp
    ${CMAKE_CURRENT_LIST_DIR}/wavelet_power.cpp
    ${CMAKE_CURRENT_LIST_DIR}/sparc.cpp
    ${CMAKE_CURRENT_LIST_DIR}/sit_to_stand.cpp
    ${CMAKE_CURRENT_LIST_DIR}/chair_stand.cpp
    ${CMAKE_CURRENT_LIST_DIR}/tug.cpp
    ${CMAKE_CURRENT_LIST_DIR}/sway.cpp
    ${CMAKE_CURRENT_LIST_DIR}/joint_rom.cpp
    ${CMAKE_CURRENT_LIST_DIR}/change_flags.cpp
    ${CMAKE_CURRENT_LIST_DIR}/metric_vocabulary.cpp
    ${CMAKE_CURRENT_LIST_DIR}/applicability.cpp
  DEPS physio::imu physio::dsp Eigen3::Eigen nlohmann_json::nlohmann_json)
