# prunekit as a subproject: an outside project adds the prunekit source tree with
# add_subdirectory, builds the library with it (no tests, no CLI, no install rules) and runs.
# The build uses the instruction-set level EXTRA_FLAGS (the test passes -march=x86-64-v3) with
# warnings as errors, so this test also proves the library compiles cleanly at that level; the
# program runs only where the CPU has that level (RUN=ON). The library is built as a unity build
# (batches of 8 sources): the same code and warnings at a third of the compile time; the Release
# and sanitizer builds compile each file alone, which catches a missing include.
# Arguments: PRUNEKIT_SOURCE_DIR, CONSUMER_SOURCE_DIR, WORK_DIR, BUILD_TYPE, EXTRA_FLAGS, RUN.
include(${CMAKE_CURRENT_LIST_DIR}/consumer_steps.cmake)
file(REMOVE_RECURSE ${WORK_DIR})
run_step("configuring" ${CMAKE_COMMAND} -S ${CONSUMER_SOURCE_DIR} -B ${WORK_DIR} -G Ninja
         -DPRUNEKIT_SOURCE_DIR=${PRUNEKIT_SOURCE_DIR} -DCMAKE_BUILD_TYPE=${BUILD_TYPE}
         "-DCMAKE_CXX_FLAGS=${EXTRA_FLAGS}" -DPRUNEKIT_WERROR=ON -DCMAKE_UNITY_BUILD=ON)
run_step("building" ${CMAKE_COMMAND} --build ${WORK_DIR})
if(RUN)
  run_step("running" ${CMAKE_COMMAND} -E env PRUNEKIT_DATA=${PRUNEKIT_SOURCE_DIR}/datasets
           ${WORK_DIR}/consumer)
  expect_output_has(" ok")
endif()
