# Foot-worn IMU gait analysis (gaitmap style): frame, segmentation, Rampp events, ZUPT trajectory,
# stride parameters, summaries, long-recording stream.
physio_module(imu_gait_foot
  SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/foot_frame.cpp
    ${CMAKE_CURRENT_LIST_DIR}/stride_segmentation.cpp
    ${CMAKE_CURRENT_LIST_DIR}/gait_events.cpp
    ${CMAKE_CURRENT_LIST_DIR}/stride_trajectory.cpp
    ${CMAKE_CURRENT_LIST_DIR}/stride_parameters.cpp
    ${CMAKE_CURRENT_LIST_DIR}/gait_summary.cpp
    ${CMAKE_CURRENT_LIST_DIR}/foot_gait.cpp
    ${CMAKE_CURRENT_LIST_DIR}/foot_gait_json.cpp
    ${CMAKE_CURRENT_LIST_DIR}/foot_gait_stream.cpp
  DEPS physio::imu physio::dsp Eigen3::Eigen nlohmann_json::nlohmann_json)
