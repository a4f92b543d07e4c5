# Files compiled on their own rather than in a unity batch (PHYSIO_UNITY): each defines, in its anonymous
# namespace, a name another file of its target also defines (a helper, a tolerance, a rate), which two files
# in one translation unit cannot both do. Renaming or sharing those names takes a file off this list.
# No file is on it at present: a name that repeats within a target is shared (one header) or named for its
# file, so that every file joins a batch.
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
