# predict benchmarks: training the no-show model on 100,000 appointments, scoring a 10,000-patient clinic
# (appointments and home programs).
add_executable(bench_predict ${CMAKE_CURRENT_LIST_DIR}/predict_bench.cpp)
target_link_libraries(bench_predict PRIVATE physio::predict physio::risk benchmark::benchmark)
physio_warnings(bench_predict)
