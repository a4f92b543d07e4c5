# Lower-back gait pipeline on a synthetic day: 24 h of 100 Hz lower-back IMU data (8.64 M samples).
add_executable(bench_imu_gait_lowback ${CMAKE_CURRENT_LIST_DIR}/imu_gait_lowback_bench.cpp)
target_include_directories(bench_imu_gait_lowback PRIVATE ${PROJECT_SOURCE_DIR}/tests/imu/gait_lowback)
target_link_libraries(bench_imu_gait_lowback PRIVATE physio::imu_gait_lowback benchmark::benchmark)
physio_warnings(bench_imu_gait_lowback)
