# The server's layering in its includes (docs/ARCHITECTURE.md): run with -DSRC=<src/server>.
#   net      includes no other server folder
#   http     includes server/net and server/http only
#   auth     server/net, server/http and server/auth
#   a context (care rehab live record interop billing privacy insight schedule background) also includes server/auth and
#            its own folder, never another context's nor the app's
#   app      anything
# Each finding names the file, the line and the include; any finding fails the test.
cmake_minimum_required(VERSION 3.25)
set(contexts care rehab live record interop billing privacy insight schedule background)
set(findings "")
file(GLOB_RECURSE files RELATIVE "${SRC}" "${SRC}/*.cpp" "${SRC}/*.hpp")
foreach(rel IN LISTS files)
  string(REGEX MATCH "^[^/]+" folder "${rel}")
  if(folder STREQUAL "app" OR NOT rel MATCHES "/")
    continue()
  endif()
  if(folder STREQUAL "net")
    set(allowed net)
  elseif(folder STREQUAL "http")
    set(allowed net http)
  elseif(folder STREQUAL "auth")
    set(allowed net http auth)
  else()
    set(allowed net http auth ${folder})
  endif()
  file(STRINGS "${SRC}/${rel}" lines)
  set(n 0)
  foreach(line IN LISTS lines)
    math(EXPR n "${n} + 1")
    if(line MATCHES "^[ \t]*#[ \t]*include[ \t]*\"server/([a-z_]+)/")
      set(target "${CMAKE_MATCH_1}")
      if(NOT target IN_LIST allowed)
        string(APPEND findings "  src/server/${rel}:${n}: ${folder} includes server/${target}/ (${line})\n")
      endif()
    elseif(line MATCHES "^[ \t]*#[ \t]*include[ \t]*\"server/[a-z_]+\\.hpp\"")
      string(APPEND findings "  src/server/${rel}:${n}: includes a header outside the context folders (${line})\n")
    endif()
  endforeach()
endforeach()
if(findings)
  message(FATAL_ERROR "server layering broken (a context may include server/net, server/http, server/auth "
                      "and its own folder; docs/ARCHITECTURE.md):\n${findings}")
endif()
list(LENGTH files count)
message(STATUS "server layering: ${count} files checked, no include crosses a context")
