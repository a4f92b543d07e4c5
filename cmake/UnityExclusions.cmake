# Files compiled on their own rather than in a unity batch (PHYSIO_UNITY): each defines, in its anonymous
# namespace, a name another file of its target also defines (a helper, a tolerance, a rate), which two files
# in one translation unit cannot both do. Renaming or sharing those names takes a file off this list.
# physio_unity_alone(<directory that defines the target> <files relative to the project>...)
function(physio_unity_alone dir)
  # A folder this build does not add (tests/ in the release preset) has nothing to mark.
  if(dir MATCHES "^tests/" AND NOT PHYSIO_BUILD_TESTS)
    return()
  endif()
  list(TRANSFORM ARGN PREPEND "${PROJECT_SOURCE_DIR}/")
  set_source_files_properties(${ARGN} DIRECTORY "${PROJECT_SOURCE_DIR}/${dir}"
                              PROPERTIES SKIP_UNITY_BUILD_INCLUSION ON)
endfunction()

physio_unity_alone(tests/server_system
  tests/server_system/live_crash_test.cpp
  tests/server_system/scale_out_test.cpp)
