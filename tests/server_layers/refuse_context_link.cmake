# The configure-time rule refuses a context linking another context: run in script mode, this must fail
# (the test is registered WILL_FAIL with the refusal's words required in its output).
include("${CMAKE_MODULE_DIR}/PhysioServerContext.cmake")
physio_check_server_context_deps(live "care;rehab;live;record" physio::core physio::server_http physio::server_rehab)
