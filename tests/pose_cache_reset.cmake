# The pose cache's set-up for a test run (tests/CMakeLists.txt, fixture `pose_cache`): empties the folder
# and writes its `build-id` (src/pose/video/pose_cache.hpp): one identity for the pose libraries every test
# program and `physio` were linked from, so that they share entries. The identity is a hash of each
# library's path, size and modification time; the line also gives the newest library's modification time,
# so that a program linked before it (a stale one) keeps its own key.
#   cmake -DDIR=<cache folder> -DLIBRARIES=<a|b|c> -P pose_cache_reset.cmake
if(NOT DIR OR NOT LIBRARIES)
  message(FATAL_ERROR "pose_cache_reset.cmake: DIR and LIBRARIES are required")
endif()
file(REMOVE_RECURSE "${DIR}")
file(MAKE_DIRECTORY "${DIR}")
string(REPLACE "|" ";" libraries "${LIBRARIES}")
set(stamps "")
set(newest 0)
foreach(lib IN LISTS libraries)
  if(NOT EXISTS "${lib}")
    message(FATAL_ERROR "pose_cache_reset.cmake: ${lib} is not built")
  endif()
  file(SIZE "${lib}" size)
  file(TIMESTAMP "${lib}" mtime "%s" UTC)
  string(APPEND stamps "${lib} ${size} ${mtime}\n")
  if(mtime GREATER newest)
    set(newest ${mtime})
  endif()
endforeach()
string(SHA256 id "${stamps}")
file(WRITE "${DIR}/build-id" "${id} ${newest}\n")
message(STATUS "pose cache ${DIR}: build ${id}")
