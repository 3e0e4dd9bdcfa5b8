# Installs the library as a CMake package: find_package(prunekit CONFIG) -> prunekit::prunekit.
include(CMakePackageConfigHelpers)

install(TARGETS prunekit EXPORT prunekitTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/lib/include/prunekit
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES ${PROJECT_BINARY_DIR}/generated/include/prunekit/version.hpp
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/prunekit)
install(EXPORT prunekitTargets NAMESPACE prunekit::
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/prunekit)

set(PRUNEKIT_INSTALL_DATASETS_DIR ${CMAKE_INSTALL_DATADIR}/prunekit/datasets)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/prunekitConfig.cmake.in
  ${PROJECT_BINARY_DIR}/prunekitConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/prunekit
  PATH_VARS PRUNEKIT_INSTALL_DATASETS_DIR)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/prunekitConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/prunekitConfig.cmake
              ${PROJECT_BINARY_DIR}/prunekitConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/prunekit)

# The bundled datasets, found by name through the installed data path.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/datasets/
        DESTINATION ${PRUNEKIT_INSTALL_DATASETS_DIR})

