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
  # std::optional<Eigen::Vector3d>; -Wrestrict in std::string's char_traits copy (GCC bug 105329).
  # The sanitizer build (-O1, -Werror) keeps all three warnings for the project's own code.
  target_compile_options(${target} PRIVATE
    "$<$<NOT:$<CONFIG:Debug>>:-Wno-null-dereference;-Wno-maybe-uninitialized;-Wno-restrict>")
  if(PHYSIO_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

function(physio_module name)
  cmake_parse_arguments(M "" "" "SOURCES;DEPS" ${ARGN})
  add_library(physio_${name} STATIC ${M_SOURCES})
  add_library(physio::${name} ALIAS physio_${name})
  target_include_directories(physio_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(physio_${name} PUBLIC ${M_DEPS})
  physio_warnings(physio_${name})
endfunction()

# physio_test(<name> SOURCES ... DEPS ... [TIMEOUT s] [PROPERTIES <ctest property> <value> ...])
#   A GoogleTest executable under tests/, each test registered with ctest.
function(physio_test name)
  cmake_parse_arguments(T "" "TIMEOUT" "SOURCES;DEPS;PROPERTIES" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_DEPS} physio_test_support GTest::gtest GTest::gmock GTest::gtest_main)
  physio_warnings(${name})
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 300)
  endif()
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 120 PROPERTIES TIMEOUT ${T_TIMEOUT} ${T_PROPERTIES}
                       WORKING_DIRECTORY ${PROJECT_BINARY_DIR})
endfunction()
