# The server's one-way rule between contexts (docs/ARCHITECTURE.md): a context library may link
# server_http, server_auth, the store and the pure modules, never another context nor the app.
#
# physio_check_server_context_deps(<name> <contexts> <deps...>)
#   FATAL_ERROR naming the context and the dependency when <deps> holds another context or the app.
#   Pure: usable in script mode (tests/server_layers runs it on a bad list and expects the refusal).
function(physio_check_server_context_deps name contexts)
  foreach(dep IN LISTS ARGN)
    foreach(other IN LISTS contexts)
      if(dep STREQUAL "physio::server_${other}" OR dep STREQUAL "physio_server_${other}")
        message(FATAL_ERROR "server context '${name}' may not link the context '${other}' (${dep}): what two "
                            "contexts share belongs in server/http or a pure module (docs/ARCHITECTURE.md)")
      endif()
    endforeach()
    if(dep STREQUAL "physio::server" OR dep STREQUAL "physio_server")
      message(FATAL_ERROR "server context '${name}' may not link the app (${dep})")
    endif()
  endforeach()
endfunction()
