# Exercise analysis, batch: one hour of 30 fps landmarks (108,000 frames of synthetic squats).
add_executable(bench_exercise ${CMAKE_CURRENT_LIST_DIR}/exercise_bench.cpp)
target_link_libraries(bench_exercise PRIVATE physio::exercise benchmark::benchmark)
physio_warnings(bench_exercise)
