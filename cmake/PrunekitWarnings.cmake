# Warnings for prunekit's own targets; -Werror when PRUNEKIT_WERROR is on (CI).
function(prunekit_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    # GCC 12 reports false -Wrestrict errors inside std::string's operator+ at -O2/-O3
    # (GCC bug 105651); the warning is off for that compiler only.
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
  if(PRUNEKIT_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
