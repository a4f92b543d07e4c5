# Streaming pose over videos, images, image folders and cameras: a decode thread feeding a bounded queue,
# skeleton overlays drawn on the frames, and overlay video/PNG writing through libavcodec.
# Included by src/pose/CMakeLists.txt.
find_package(PkgConfig REQUIRED)
pkg_check_modules(FFMPEG REQUIRED IMPORTED_TARGET libavformat libavcodec libswscale libavutil)

physio_module(pose_video
  SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/draw.cpp
    ${CMAKE_CURRENT_LIST_DIR}/frame_source.cpp
    ${CMAKE_CURRENT_LIST_DIR}/pose_cache.cpp
    ${CMAKE_CURRENT_LIST_DIR}/pose_run.cpp
    ${CMAKE_CURRENT_LIST_DIR}/skeleton_overlay.cpp
    ${CMAKE_CURRENT_LIST_DIR}/streaming_reader.cpp
    ${CMAKE_CURRENT_LIST_DIR}/video_probe.cpp
    ${CMAKE_CURRENT_LIST_DIR}/video_writer.cpp
  DEPS
    physio::pose_pipeline
    Threads::Threads
)
# FFmpeg stays private: only video_probe.cpp and video_writer.cpp include its headers.
target_link_libraries(physio_pose_video PRIVATE PkgConfig::FFMPEG)
