# cpack's tarball is a relocatable install: make it, unpack it in a fresh folder, and run the
# prunekit inside it on a bundled dataset, with no PRUNEKIT_DATA set.
# Arguments: PRUNEKIT_BINARY_DIR, WORK_DIR.
include(${CMAKE_CURRENT_LIST_DIR}/consumer_steps.cmake)
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
run_step("cpack" ${CMAKE_COMMAND} -E chdir ${PRUNEKIT_BINARY_DIR}
         ${CMAKE_CPACK_COMMAND} -G TGZ -B ${WORK_DIR}/package)
file(GLOB tarball ${WORK_DIR}/package/prunekit-*.tar.gz)
if(NOT tarball)
  message(FATAL_ERROR "cpack made no tarball in ${WORK_DIR}/package")
endif()
file(ARCHIVE_EXTRACT INPUT ${tarball} DESTINATION ${WORK_DIR}/unpacked)
file(GLOB root ${WORK_DIR}/unpacked/prunekit-*)
run_step("the unpacked prunekit" ${CMAKE_COMMAND} -E env --unset=PRUNEKIT_DATA
         ${root}/bin/prunekit datasets)
expect_output_has("bundled datasets in ${root}/share/prunekit/datasets")
