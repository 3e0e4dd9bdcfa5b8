# The installed package is relocatable: install the prunekit build into a fresh prefix, move the
# prefix elsewhere, then
# - the installed CLI finds its bundled datasets in the moved prefix;
# - an outside project configured with find_package against the moved prefix builds, and, once
#   installed into that prefix, finds the same datasets with no PRUNEKIT_DATA set;
# - the examples (examples/) build against it and run;
# - prunekit_DATA_DIR from the package names the moved datasets folder;
# - with the Python module built, the installed package imports from the moved prefix and finds
#   the same datasets.
# Arguments: PRUNEKIT_BINARY_DIR, CONSUMER_SOURCE_DIR, EXAMPLES_SOURCE_DIR, WORK_DIR, BUILD_TYPE,
# PYTHON_PACKAGE_DIR (relative to the prefix; empty without the module), PYTHON.
include(${CMAKE_CURRENT_LIST_DIR}/consumer_steps.cmake)
file(REMOVE_RECURSE ${WORK_DIR})
set(installed ${WORK_DIR}/installed)
set(moved ${WORK_DIR}/moved)
run_step("cmake --install" ${CMAKE_COMMAND} --install ${PRUNEKIT_BINARY_DIR} --prefix ${installed})
file(RENAME ${installed} ${moved})
set(data ${moved}/share/prunekit/datasets)

run_step("installed prunekit datasets" ${CMAKE_COMMAND} -E env --unset=PRUNEKIT_DATA
         ${moved}/bin/prunekit datasets)
expect_output_has("bundled datasets in ${data}")
run_step("installed prunekit inspect" ${CMAKE_COMMAND} -E env --unset=PRUNEKIT_DATA
         ${moved}/bin/prunekit inspect iris)

run_step("configuring the consumer" ${CMAKE_COMMAND} -S ${CONSUMER_SOURCE_DIR} -B ${WORK_DIR}/build
         -DCMAKE_PREFIX_PATH=${moved} -DCMAKE_BUILD_TYPE=${BUILD_TYPE})
expect_output_has("prunekit_DATA_DIR=${data}")
run_step("building the consumer" ${CMAKE_COMMAND} --build ${WORK_DIR}/build)
run_step("installing the consumer" ${CMAKE_COMMAND} --install ${WORK_DIR}/build --prefix ${moved})
run_step("the installed consumer" ${CMAKE_COMMAND} -E env --unset=PRUNEKIT_DATA ${moved}/bin/consumer)
expect_output_has("data: ${data}")
# A program outside the prefix points PRUNEKIT_DATA at the package's prunekit_DATA_DIR.
run_step("the consumer outside the prefix" ${CMAKE_COMMAND} -E env PRUNEKIT_DATA=${data}
         ${WORK_DIR}/build/consumer)

# The examples (examples/) build against the same moved prefix and run.
run_step("configuring the examples" ${CMAKE_COMMAND} -S ${EXAMPLES_SOURCE_DIR}
         -B ${WORK_DIR}/examples -DCMAKE_PREFIX_PATH=${moved} -DCMAKE_BUILD_TYPE=${BUILD_TYPE})
run_step("building the examples" ${CMAKE_COMMAND} --build ${WORK_DIR}/examples)
run_step("example prune_tree" ${CMAKE_COMMAND} -E env PRUNEKIT_DATA=${data}
         ${WORK_DIR}/examples/prune_tree)
expect_output_has("pruned:   ")
run_step("example prune_network" ${CMAKE_COMMAND} -E env PRUNEKIT_DATA=${data}
         ${WORK_DIR}/examples/prune_network)
expect_output_has("pruned:  ")
run_step("example run_config" ${CMAKE_COMMAND} -E env PRUNEKIT_DATA=${data}
         ${WORK_DIR}/examples/run_config ${WORK_DIR}/example_output)
expect_output_has("error_based confidence=0.1")

# The Python package, installed beside the library.
if(PYTHON_PACKAGE_DIR)
  run_step("the installed Python package" ${CMAKE_COMMAND} -E env --unset=PRUNEKIT_DATA
           PYTHONPATH=${moved}/${PYTHON_PACKAGE_DIR} PYTHONDONTWRITEBYTECODE=1 ${PYTHON}
           ${CMAKE_CURRENT_LIST_DIR}/python_consumer.py ${WORK_DIR}/python_output)
  expect_output_has("${moved}/${PYTHON_PACKAGE_DIR}/prunekit/__init__.py")
  expect_output_has("runs: 3")
endif()
