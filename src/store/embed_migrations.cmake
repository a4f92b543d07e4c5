# Writes a C++ source holding every migration's SQL text (cmake -P script).
#   -DOUTPUT=<file.cpp> -DINPUTS=<a.sql;b.sql;...>
# File names are NNNN_name.sql; the version is NNNN. The text is embedded unchanged, so its checksum
# at run time is the checksum of the file in the repository.
set(body "")
foreach(input IN LISTS INPUTS)
  get_filename_component(file_name "${input}" NAME)
  if(NOT file_name MATCHES "^([0-9]+)_([a-z0-9_]+)\\.sql$")
    message(FATAL_ERROR "migration file name must be NNNN_name.sql: ${file_name}")
  endif()
  set(digits "${CMAKE_MATCH_1}")
  string(REGEX REPLACE "\\.sql$" "" name "${file_name}")
  string(REGEX REPLACE "^0+([0-9])" "\\1" version "${digits}")
  file(READ "${input}" sql)
  if(sql MATCHES "\\)physio_sql\"")
    message(FATAL_ERROR "${file_name} contains the raw-string delimiter )physio_sql\"")
  endif()
  string(APPEND body "    {${version}, \"${name}\", R\"physio_sql(${sql})physio_sql\"},\n")
endforeach()
set(content "// Generated from src/store/migrations/*.sql by embed_migrations.cmake; do not edit.
#include \"store/migrations.hpp\"

namespace physio::store {

std::span<const Migration> embedded_migrations() {
  static const Migration kMigrations[] = {
${body}  };
  return kMigrations;
}

}  // namespace physio::store
")
# Only touch the output when it changes, so an unrelated reconfigure rebuilds nothing.
if(EXISTS "${OUTPUT}")
  file(READ "${OUTPUT}" old)
  if(old STREQUAL content)
    return()
  endif()
endif()
file(WRITE "${OUTPUT}" "${content}")
