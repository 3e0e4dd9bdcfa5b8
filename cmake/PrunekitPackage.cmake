# `cpack` in a Release build makes what `cmake --install` installs into a tarball and a .deb
# (library, headers, CMake package, the prunekit CLI, bundled datasets). Both are relocatable:
# the CLI and the package config find the data relative to where they were unpacked.
set(CPACK_PACKAGE_NAME prunekit)
set(CPACK_PACKAGE_VENDOR prunekit)
set(CPACK_PACKAGE_CONTACT "prunekit maintainers")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_RESOURCE_FILE_README ${PROJECT_SOURCE_DIR}/README.md)
set(CPACK_GENERATOR TGZ DEB)
set(CPACK_PACKAGE_FILE_NAME prunekit-${PROJECT_VERSION}-Linux-${CMAKE_SYSTEM_PROCESSOR})
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
# The CLI's shared libraries, and what a program needs to build against the headers and the
# package config (its find_dependency calls).
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "libboost-program-options1.74.0, libboost-iostreams1.74.0, libopenblas0 | libblas3, libeigen3-dev, nlohmann-json3-dev, libboost-iostreams-dev, libopenblas-dev")
include(CPack)
