# The BlazePose pipeline (MediaPipe's CPU pose graph): image decoding through FFmpeg, detector and
# landmark pre/post-processing, tracking and smoothing. Included by src/pose/CMakeLists.txt.
find_package(PkgConfig REQUIRED)
pkg_check_modules(FFMPEG REQUIRED IMPORTED_TARGET libavformat libavcodec libswscale libavutil)
pkg_check_modules(TURBOJPEG REQUIRED IMPORTED_TARGET libturbojpeg)
# libavdevice (cameras) is loaded with dlopen when a device is opened, not linked: its headers only.
pkg_check_modules(AVDEVICE REQUIRED libavdevice)

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
target_link_libraries(physio_pose_pipeline PRIVATE PkgConfig::FFMPEG PkgConfig::TURBOJPEG ${CMAKE_DL_LIBS})
target_include_directories(physio_pose_pipeline PRIVATE ${AVDEVICE_INCLUDE_DIRS})
# Every pose inference waits on this sampling loop: under all the sanitizers at -O1 it was a fifth of a pose
# run, nearly all of it UBSan's checks of its index and float-to-int arithmetic (whose ranges the code clamps
# before converting). The sanitizer build compiles it at -O2 with AddressSanitizer only, which still checks
# every pixel it reads and every value it writes. A people scan of sports2d-demo's demo.mp4 (230 frames,
# 2026-11-27, medians): 15.1 s with every check at -O1, 14.1 s at -O2, 11.7 s at -O2 with ASan only, 11.5 s
# with no sanitizer (docs/adr/0013-sanitizer-build-checks-and-levels.md).
if(PHYSIO_SANITIZE)
  set_source_files_properties(${CMAKE_CURRENT_LIST_DIR}/image_to_tensor.cpp PROPERTIES
    COMPILE_OPTIONS "-O2;-fno-sanitize=undefined,float-cast-overflow"
    SKIP_UNITY_BUILD_INCLUSION ON SKIP_PRECOMPILE_HEADERS ON)
endif()
