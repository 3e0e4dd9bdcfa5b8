#pragma once
/// Run-time choice of instruction set for the network's hot loops.
///
/// The library is compiled for the portable x86-64 baseline (SSE2), so that one build runs on
/// every x86-64 CPU and programs that include its Eigen-using headers agree with it. The few
/// loops that dominate training and inference besides the matrix products (which OpenBLAS
/// dispatches itself) are marked PRUNEKIT_CLONE_FOR_AVX2: the compiler emits them twice, for the
/// baseline and for x86-64-v3 (AVX2, FMA), and the loader picks the copy the CPU runs (GCC and
/// clang function multi-versioning). The loops are elementwise or keep their explicit order of
/// operations, and the library is compiled with -ffp-contract=off (no a*b+c fused into one FMA),
/// so both copies compute the same bits. When the whole build already targets AVX2
/// (-march=x86-64-v3 or native) there is nothing to choose and the macro is empty. Functions behind
/// it keep plain loops: Eigen picks its vector width from the build's flags, not from the clone's.

#if defined(__x86_64__) && !defined(__AVX2__) && defined(__has_attribute)
#if __has_attribute(target_clones)
#define PRUNEKIT_CLONE_FOR_AVX2 __attribute__((target_clones("arch=x86-64-v3", "default")))
/// The same with a third copy for x86-64-v4 (AVX-512), for loops whose 64-wide blocks fill four
/// AVX-512 registers (the sparse engine's batch kernel).
#define PRUNEKIT_CLONE_FOR_AVX2_AVX512 \
  __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#endif
#endif
#ifndef PRUNEKIT_CLONE_FOR_AVX2
#define PRUNEKIT_CLONE_FOR_AVX2
#define PRUNEKIT_CLONE_FOR_AVX2_AVX512
#endif

/// Inlined into whichever copy of a PRUNEKIT_CLONE_FOR_AVX2 function calls it, and so compiled
/// for that copy's instruction set.
#define PRUNEKIT_INLINE_KERNEL [[gnu::always_inline]] inline
