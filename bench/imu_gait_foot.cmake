# Foot gait benchmark: 7 days of one foot sensor at 100 Hz (2 h/day walking) through FootGaitStream.
if(TARGET physio::imu_gait_foot)
  add_executable(bench_imu_gait_foot ${CMAKE_CURRENT_LIST_DIR}/imu_gait_foot_bench.cpp)
  target_include_directories(bench_imu_gait_foot PRIVATE ${PROJECT_SOURCE_DIR}/tests/imu/gait_foot)
  target_link_libraries(bench_imu_gait_foot PRIVATE physio::imu_gait_foot benchmark::benchmark)
  physio_warnings(bench_imu_gait_foot)
endif()
