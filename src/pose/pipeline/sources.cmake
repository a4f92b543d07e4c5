# The BlazePose pipeline (MediaPipe's CPU pose graph): image decoding through FFmpeg, detector and
# landmark pre/post-processing, tracking and smoothing. Included by src/pose/CMakeLists.txt.
find_package(PkgConfig REQUIRED)
pkg_check_modules(FFMPEG REQUIRED IMPORTED_TARGET libavformat libavcodec libswscale libavutil libavdevice)
pkg_check_modules(TURBOJPEG REQUIRED IMPORTED_TARGET libturbojpeg)

physio_module(pose_pipeline
  SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/anchors.cpp
    ${CMAKE_CURRENT_LIST_DIR}/detection.cpp
    ${CMAKE_CURRENT_LIST_DIR}/ffmpeg_decoder.cpp
    ${CMAKE_CURRENT_LIST_DIR}/image.cpp
    ${CMAKE_CURRENT_LIST_DIR}/image_to_tensor.cpp
    ${CMAKE_CURRENT_LIST_DIR}/jpeg_decode.cpp
    ${CMAKE_CURRENT_LIST_DIR}/landmark_decoding.cpp
    ${CMAKE_CURRENT_LIST_DIR}/landmark_smoothing.cpp
    ${CMAKE_CURRENT_LIST_DIR}/person_identity.cpp
    ${CMAKE_CURRENT_LIST_DIR}/pose_models.cpp
    ${CMAKE_CURRENT_LIST_DIR}/pose_sequence.cpp
    ${CMAKE_CURRENT_LIST_DIR}/pose_tracker.cpp
    ${CMAKE_CURRENT_LIST_DIR}/roi.cpp
  DEPS physio::pose physio::kinematics physio::dsp
)
# FFmpeg and libjpeg-turbo stay private: only ffmpeg_decoder.cpp and jpeg_decode.cpp include their headers.
target_link_libraries(physio_pose_pipeline PRIVATE PkgConfig::FFMPEG PkgConfig::TURBOJPEG)
