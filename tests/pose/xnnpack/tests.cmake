# XNNPACK backend: operator and whole-model parity against the reference kernels, errors, pruning.
physio_test(pose_xnnpack_tests
  SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/graph_builder.cpp
    ${CMAKE_CURRENT_LIST_DIR}/xnnpack_errors_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/xnnpack_models_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/xnnpack_ops_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/../model_files.cpp
  DEPS physio::pose)
