# Warnings for prunekit's own targets; -Werror only when PRUNEKIT_WERROR is on (CI and
# scripts/test.sh), never in a user's build. Third-party headers come in as system headers.
include(CheckCXXSourceCompiles)

# GCC 12's AVX-512 intrinsics build "don't care" operands from self-initialised variables
# (_mm512_undefined_ps: `__m512 __Y = __Y;`), and once Eigen's AVX-512 kernels are inlined into
# our code, -Wmaybe-uninitialized reports them there (GCC bug 105593, fixed in GCC 13). The
# warning is off only for GCC < 13 and only when the target instruction set has AVX-512
# (-march=x86-64-v4, or -march=native on such a CPU).
set(PRUNEKIT_GCC_AVX512_FALSE_WARNINGS OFF)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  set(CMAKE_REQUIRED_FLAGS "${CMAKE_CXX_FLAGS}")
  if(PRUNEKIT_NATIVE)
    string(APPEND CMAKE_REQUIRED_FLAGS " -march=native")
  endif()
  check_cxx_source_compiles("
    #ifndef __AVX512F__
    #error no AVX-512
    #endif
    int main() { return 0; }" PRUNEKIT_TARGET_HAS_AVX512)
  unset(CMAKE_REQUIRED_FLAGS)
  set(PRUNEKIT_GCC_AVX512_FALSE_WARNINGS ${PRUNEKIT_TARGET_HAS_AVX512})
endif()

function(prunekit_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    # GCC 12 reports false -Wrestrict errors inside std::string's operator+ at -O2/-O3
    # (GCC bug 105651); the warning is off for that compiler only.
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
  if(PRUNEKIT_GCC_AVX512_FALSE_WARNINGS)
    target_compile_options(${target} PRIVATE -Wno-maybe-uninitialized)
  endif()
  if(PRUNEKIT_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
