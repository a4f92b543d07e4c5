# The configure-time rule accepts what a context may link (http, auth, the store, pure modules).
include("${CMAKE_MODULE_DIR}/PhysioServerContext.cmake")
physio_check_server_context_deps(live "care;rehab;live;record" physio::core physio::server_http physio::server_auth
                                 physio::store physio::rehab)
message(STATUS "accepted")
