// The lanes forward's dense layers (MLP.forward(lanes:…)), compiled twice from
// lane_layer_kernel.h: with AVX2 (four lanes a vector) and portable (SSE2 pairs). Products and
// sums are separate IEEE operations in both, never fused, so both give the same bits.
#pragma STDC FP_CONTRACT OFF
#include <string.h>
#include "understudy_math.h"
#include "glibc_common.h"

// Four-lane vectors pass between the inlined helpers only, never across an ABI boundary.
#pragma clang diagnostic ignored "-Wpsabi"
typedef double vec4 __attribute__((ext_vector_type(4)));

#define US_VARIANT(name) name##_avx2
#define US_TARGET US_AVX2_TARGET
#include "lane_layer_kernel.h"
#undef US_VARIANT
#undef US_TARGET

#define US_VARIANT(name) name##_portable
#define US_TARGET
#include "lane_layer_kernel.h"
#undef US_VARIANT
#undef US_TARGET

void us_lane_layer_shared(size_t lanes, size_t inputs, size_t outputs, const double *weights,
                          const double *biases, const double *input, double *output) {
    if (avx2_fma_available()) lane_layer_shared_avx2(lanes, inputs, outputs, weights, biases, input, output);
    else lane_layer_shared_portable(lanes, inputs, outputs, weights, biases, input, output);
}

void us_lane_layer_own(size_t lanes, size_t inputs, size_t outputs, const double *weights,
                       const double *biases, const double *input, double *output) {
    if (avx2_fma_available()) lane_layer_own_avx2(lanes, inputs, outputs, weights, biases, input, output);
    else lane_layer_own_portable(lanes, inputs, outputs, weights, biases, input, output);
}

void us_lane_layer_shared_portable(size_t lanes, size_t inputs, size_t outputs, const double *weights,
                                   const double *biases, const double *input, double *output) {
    lane_layer_shared_portable(lanes, inputs, outputs, weights, biases, input, output);
}

void us_lane_layer_own_portable(size_t lanes, size_t inputs, size_t outputs, const double *weights,
                                const double *biases, const double *input, double *output) {
    lane_layer_own_portable(lanes, inputs, outputs, weights, biases, input, output);
}
