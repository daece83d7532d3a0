// Includes the kernel template named by US_KERNEL twice: once for the fma instruction
// (`name_fma`, under target("fma"), US_FMA an inline vfmadd) and once portable (`name_portable`,
// US_FMA libm's software fma). US_FMA_IS_FAST tells a kernel which build it is in, for the
// kernels (pow) that use glibc's own fmas only where they are cheap. No include guard: each
// .c file includes it once, after defining US_KERNEL.

#define US_VARIANT(name) name##_fma
#define US_TARGET US_FMA_TARGET
#define US_FMA(a, b, c) __builtin_fma(a, b, c)
#define US_FMA_IS_FAST 1
#include US_KERNEL
#undef US_VARIANT
#undef US_TARGET
#undef US_FMA
#undef US_FMA_IS_FAST

#define US_VARIANT(name) name##_portable
#define US_TARGET
#define US_FMA(a, b, c) fma(a, b, c)
#define US_FMA_IS_FAST 0
#include US_KERNEL
#undef US_VARIANT
#undef US_TARGET
#undef US_FMA
#undef US_FMA_IS_FAST
