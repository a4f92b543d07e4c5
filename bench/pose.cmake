# Pose benchmarks: BlazePose inference latency on the XNNPACK backend (1 and 2 threads, with and without the
# segmentation output), achieved FLOP/s against the CPU's measured peak. Models from models/ or
# $PHYSIO_MODELS_DIR.
add_executable(bench_pose ${CMAKE_CURRENT_LIST_DIR}/pose_bench.cpp)
target_link_libraries(bench_pose PRIVATE physio::pose benchmark::benchmark Threads::Threads)
target_compile_definitions(bench_pose PRIVATE PHYSIO_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
physio_warnings(bench_pose)
