# Landmark and joint-angle file formats (see docs/formats/landmarks.md).
list(APPEND KIN_SOURCES
  ${CMAKE_CURRENT_SOURCE_DIR}/formats/detail.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/formats/trc.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/formats/mot.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/formats/physio_json.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/formats/physio_csv.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/formats/physio_bin.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/formats/mediapipe_json.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/formats/person_select.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/formats/coco_json.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/formats/openpose.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/formats/detect.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/formats/load.cpp
)
