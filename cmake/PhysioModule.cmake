# physio_module(<name> SOURCES ... [DEPS ...])
#   One static library per module, physio::<name>. DEPS are the lower modules and
#   third-party targets it may use; nothing else is linked, so the layering in
#   docs/ARCHITECTURE.md is enforced by the link graph.
set(PHYSIO_WARNINGS -Wall -Wextra -Wshadow -Wconversion -Wsign-conversion -Wno-sign-conversion
    -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual -Wnull-dereference
    -Wimplicit-fallthrough)

function(physio_warnings target)
  target_compile_options(${target} PRIVATE ${PHYSIO_WARNINGS})
  # At -O3 (-march=native) g++ 12 reports false positives inside library headers after inlining, which only
  # clutter `make run`: "potential null pointer dereference" in libstdc++ and Boost.Asio (std::string,
  # streambuf, asio's scheduler); "may be used uninitialized" in Eigen's AVX-512 Householder code and in
  # std::optional<Eigen::Vector3d>; -Wrestrict in std::string's char_traits copy (GCC bug 105329), and
  # -Warray-bounds on the same copy once unity batches inline more of it (a string literal pushed into a
  # vector<string>).
  # The sanitizer build (-O1, -Werror) keeps all three warnings for the project's own code.
  target_compile_options(${target} PRIVATE
    "$<$<NOT:$<CONFIG:Debug>>:-Wno-null-dereference;-Wno-maybe-uninitialized;-Wno-restrict;-Wno-array-bounds>")
  if(PHYSIO_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# Precompiled headers (PHYSIO_PCH): the standard library, nlohmann-json and fmt, parsed once into one
# precompiled header that every library reuses, and one with GoogleTest added that every test reuses.
# Only system headers go in, so a project header's change never rebuilds them. See bench/RESULTS.md,
# "Build times".
set(PHYSIO_PCH_HEADERS <algorithm> <array> <chrono> <cmath> <cstdint> <cstdio> <functional> <map> <memory>
    <optional> <set> <sstream> <string> <string_view> <unordered_map> <utility> <variant> <vector>
    <nlohmann/json.hpp> <fmt/format.h>)

# physio_pch_donors(): the targets whose precompiled headers the others reuse (call once, after
# find_package of fmt, nlohmann-json and, for tests, GTest).
function(physio_pch_donors)
  if(NOT PHYSIO_PCH)
    return()
  endif()
  add_library(physio_pch_lib STATIC ${PROJECT_SOURCE_DIR}/cmake/empty.cpp)
  target_link_libraries(physio_pch_lib PRIVATE fmt::fmt nlohmann_json::nlohmann_json)
  target_precompile_headers(physio_pch_lib PRIVATE ${PHYSIO_PCH_HEADERS})
  physio_warnings(physio_pch_lib)
  if(PHYSIO_SANITIZE)
    # The same header for the modules compiled at -O0 (physio_o0_code).
    add_library(physio_pch_o0 STATIC ${PROJECT_SOURCE_DIR}/cmake/empty.cpp)
    target_link_libraries(physio_pch_o0 PRIVATE fmt::fmt nlohmann_json::nlohmann_json)
    target_precompile_headers(physio_pch_o0 PRIVATE ${PHYSIO_PCH_HEADERS})
    physio_warnings(physio_pch_o0)
    physio_o0_code(physio_pch_o0)
  endif()
  if(PHYSIO_BUILD_TESTS)
    add_library(physio_pch_test STATIC ${PROJECT_SOURCE_DIR}/cmake/empty.cpp)
    target_link_libraries(physio_pch_test PRIVATE fmt::fmt nlohmann_json::nlohmann_json GTest::gtest GTest::gmock)
    target_precompile_headers(physio_pch_test PRIVATE ${PHYSIO_PCH_HEADERS} <gtest/gtest.h> <gmock/gmock.h>)
    physio_warnings(physio_pch_test)
    physio_test_code(physio_pch_test)
  endif()
endfunction()

# physio_test_code(<target>): in the sanitizer build, test code (GoogleTest cases, their fixtures and
# support) is compiled at -O0: it is a third of the build and little of the run, which is spent in the
# libraries under test, compiled at -O1 like the product (bench/RESULTS.md, "Build times"; docs/adr/0013).
function(physio_test_code target)
  if(PHYSIO_SANITIZE)
    target_compile_options(${target} PRIVATE -O0)
  endif()
endfunction()

# physio_o0_code(<target>): in the sanitizer build, the modules of PHYSIO_O0_MODULES are compiled at -O0 with
# every check they had at -O1. Only modules whose templates no other module instantiates qualify: the linker
# keeps one copy of each inline function (the first it loads), so a -O0 copy of a JSON function would be
# the copy every module calls (tried with the whole clinic server and the command line at -O0: the build
# 135 s shorter, the tests 70 s longer). The network layer is the one module that includes Boost.Beast, a
# third of its compile time and little of the tests' (bench/RESULTS.md, "Build times"; docs/adr/0016).
# The release build is unchanged.
set(PHYSIO_O0_MODULES server_net)
function(physio_o0_code target)
  if(PHYSIO_SANITIZE)
    target_compile_options(${target} PRIVATE -O0)
  endif()
endfunction()

# physio_use_pch(<target> lib|o0|test): a test target is also test code (physio_test_code) and an o0 target
# o0 code (physio_o0_code), as the precompiled header it reuses was built at the
# same optimisation level (GCC refuses one built with other -O flags: __OPTIMIZE__ differs).
function(physio_use_pch target kind)
  if(kind STREQUAL "test")
    physio_test_code(${target})
  elseif(kind STREQUAL "o0")
    physio_o0_code(${target})
    if(NOT PHYSIO_SANITIZE)
      set(kind lib)
    endif()
  endif()
  if(PHYSIO_PCH AND TARGET physio_pch_${kind})
    target_precompile_headers(${target} REUSE_FROM physio_pch_${kind})
  endif()
endfunction()

# The modules that parse binary formats (TFLite flatbuffers, video frames, landmark and sensor files) and do
# pointer arithmetic on raw buffers keep all of UndefinedBehaviorSanitizer's checks in the sanitizer build
# (with their areas: pose_pipeline, pose_video, imu_gait_foot, ...);
# the others leave out alignment, null, vptr, object-size and pointer-overflow (CMakeLists.txt, docs/adr/0013).
set(PHYSIO_FULL_UBSAN_MODULES core dsp kinematics imu pose security)

function(physio_module name)
  cmake_parse_arguments(M "" "" "SOURCES;DEPS" ${ARGN})
  add_library(physio_${name} STATIC ${M_SOURCES})
  add_library(physio::${name} ALIAS physio_${name})
  target_include_directories(physio_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(physio_${name} PUBLIC ${M_DEPS})
  physio_warnings(physio_${name})
  if(name IN_LIST PHYSIO_O0_MODULES)
    physio_use_pch(physio_${name} o0)
  else()
    physio_use_pch(physio_${name} lib)
  endif()
  # A module of the list and its areas (pose_pipeline, imu_gait_foot, ...).
  string(REGEX REPLACE "_.*" "" family ${name})
  if(PHYSIO_SANITIZE AND (name IN_LIST PHYSIO_FULL_UBSAN_MODULES OR family IN_LIST PHYSIO_FULL_UBSAN_MODULES))
    target_compile_options(physio_${name} PRIVATE -fsanitize=${PHYSIO_UBSAN_HEAVY})
  endif()
endfunction()

# physio_cpu_test(<target>): the GoogleTest executable's tests, registered with PHYSIO_CPU_TEST_PROPERTIES,
# each take one of the two cores of tests/resources.json (the dev test preset runs 3 tests at once with it)
# and run at a lower priority (nice 10). The third slot is for the browser files, which wait on real-time
# audio and video for about half their time: beside two C++ tests they use the idle time, and when they
# need the CPU they get it first (bench/RESULTS.md, "Test time"). `ctest -jN` without the resource file
# runs N tests of any kind at once, as before.
set(PHYSIO_CPU_TEST_PROPERTIES RESOURCE_GROUPS "cores:1")
function(physio_cpu_test target)
  set_target_properties(${target} PROPERTIES CROSSCOMPILING_EMULATOR "nice;-n;10")
endfunction()

# physio_test(<name> SOURCES ... DEPS ... [TIMEOUT s] [PROPERTIES <ctest property> <value> ...]
#             [ONE_PROCESS <suite> ...])
#   A GoogleTest executable under tests/, each test registered with ctest. ONE_PROCESS: these suites run
#   as one ctest test each (`<suite>`, all its cases in one process), for suites whose SetUpTestSuite does
#   expensive work every case reads (ctest otherwise starts a process, and the setup, per case).
function(physio_test name)
  cmake_parse_arguments(T "" "TIMEOUT" "SOURCES;DEPS;PROPERTIES;ONE_PROCESS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_DEPS} physio_test_support GTest::gtest GTest::gmock GTest::gtest_main)
  physio_warnings(${name})
  physio_use_pch(${name} test)
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 300)
  endif()
  physio_cpu_test(${name})
  list(APPEND T_PROPERTIES ${PHYSIO_CPU_TEST_PROPERTIES})
  set(filter "")
  if(T_ONE_PROCESS)
    list(TRANSFORM T_ONE_PROCESS APPEND ".*" OUTPUT_VARIABLE suites)
    list(JOIN suites ":" joined)
    set(filter TEST_FILTER "-${joined}")
    foreach(suite IN LISTS T_ONE_PROCESS)
      add_test(NAME ${suite} COMMAND ${name} --gtest_filter=${suite}.* WORKING_DIRECTORY ${PROJECT_BINARY_DIR})
      # Skipped as gtest_discover_tests marks its tests: a case's GTEST_SKIP (shared data or models absent).
      set_tests_properties(${suite} PROPERTIES TIMEOUT ${T_TIMEOUT} SKIP_REGULAR_EXPRESSION "\\[  SKIPPED \\]"
                                               ${T_PROPERTIES})
    endforeach()
  endif()
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 120 ${filter} PROPERTIES TIMEOUT ${T_TIMEOUT} ${T_PROPERTIES}
                       WORKING_DIRECTORY ${PROJECT_BINARY_DIR})
endfunction()
