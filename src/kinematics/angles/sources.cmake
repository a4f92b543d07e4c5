# Joint and segment angles (see docs/metrics/angles.md).
list(APPEND KIN_SOURCES
  ${CMAKE_CURRENT_SOURCE_DIR}/angles/angle_plan.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/angles/angles2d.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/angles/angles3d.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/angles/compute.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/angles/label_window.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/angles/merged_legs.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/angles/swaps.cpp
)
