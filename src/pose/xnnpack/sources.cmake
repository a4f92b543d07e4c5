# The XNNPACK backend (Debian 12's libxnnpack-dev, 2022 subgraph API): part of physio::pose itself, so that
# create_inference() can choose it. Debian ships no CMake config for XNNPACK or pthreadpool.
find_library(XNNPACK_LIB XNNPACK REQUIRED)
find_library(PTHREADPOOL_LIB pthreadpool REQUIRED)
target_sources(physio_pose PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/graph_cost.cpp
  ${CMAKE_CURRENT_LIST_DIR}/graph_prune.cpp
  ${CMAKE_CURRENT_LIST_DIR}/inference_factory.cpp
  ${CMAKE_CURRENT_LIST_DIR}/xnnpack_inference.cpp
  ${CMAKE_CURRENT_LIST_DIR}/xnnpack_subgraph.cpp
)
target_link_libraries(physio_pose PUBLIC ${XNNPACK_LIB} ${PTHREADPOOL_LIB} Threads::Threads)
