#ifndef UNDERSTUDY_MATH_H
#define UNDERSTUDY_MATH_H
#include <stddef.h>
#include <stdint.h>

// The kernels of PortableMath's glibc-compatible functions (see glibc_sincos.c). Each is built
// twice, for the fma instruction and for libm's fma; the plain names take the first where the CPU
// runs it. Both builds return the same bits, on every input and every CPU.

/// glibc 2.36's sin on x86-64 CPUs with FMA, bit for bit (PortableMath.glibcSin).
double us_glibc_sin(double x);
/// glibc 2.36's cos on x86-64 CPUs with FMA, bit for bit (PortableMath.glibcCos).
double us_glibc_cos(double x);
/// output[i] = us_glibc_sin(input[i]) for i < count; output may be input.
void us_glibc_sin_array(const double *input, double *output, size_t count);
/// output[i] = us_glibc_cos(input[i]) for i < count; output may be input.
void us_glibc_cos_array(const double *input, double *output, size_t count);

/// glibc 2.36's pow on x86-64 CPUs with FMA, bit for bit (PortableMath.glibcPow).
double us_glibc_pow(double x, double y);
/// glibc 2.36's powf on x86-64 CPUs with FMA, bit for bit (PortableMath.glibcPowf).
float us_glibc_powf(float x, float y);
/// output[i] = us_glibc_pow(x[i], y[i]) for i < count; output may be x or y.
void us_glibc_pow_array(const double *x, const double *y, double *output, size_t count);

/// Whether the `_fma` builds below may be called on this CPU (always on arm64).
int us_glibc_has_fma(void);
/// The two builds themselves, for tests that compare them on one machine. `_fma` executes the
/// fma instruction: call it only when us_glibc_has_fma().
double us_glibc_sin_fma(double x);
double us_glibc_sin_portable(double x);
double us_glibc_cos_fma(double x);
double us_glibc_cos_portable(double x);
double us_glibc_pow_fma(double x, double y);
double us_glibc_pow_portable(double x, double y);
float us_glibc_powf_fma(float x, float y);
float us_glibc_powf_portable(float x, float y);

/// The array tanh's quick path (tanh_lanes.c) on count <= 64 elements: output[i] is tanh(input[i])
/// correctly rounded wherever bit i of the result is clear; where it is set (the rounding test
/// failed, about 0.2 %, or a NaN) output[i] is input[i], for the scalar code to finish. output
/// may be input.
uint64_t us_tanh_quick(const double *input, double *output, size_t count);
/// Whether us_tanh_quick_avx2 may run on this CPU (AVX2 and fma; always on arm64).
int us_has_avx2_fma(void);
/// The two builds of us_tanh_quick, for tests that compare them on one machine.
uint64_t us_tanh_quick_avx2(const double *input, double *output, size_t count);
uint64_t us_tanh_quick_portable(const double *input, double *output, size_t count);

/// One dense layer of MLP.forward(lanes:…) (lane_layer.c), lanes-contiguous: unit k of lane i at
/// input[k·lanes + i], unit j at output[j·lanes + i]. Lane i of unit j is its bias, then
/// + w_jk · input_k for k in order, each product and sum rounded on its own (no fma): the bits
/// of MLP.forward for that lane. `_shared`: one network, weights[j·inputs + k], biases[j].
/// `_own`: a network per lane, weights[(j·inputs + k)·lanes + i], biases[j·lanes + i].
void us_lane_layer_shared(size_t lanes, size_t inputs, size_t outputs, const double *weights,
                          const double *biases, const double *input, double *output);
void us_lane_layer_own(size_t lanes, size_t inputs, size_t outputs, const double *weights,
                       const double *biases, const double *input, double *output);
/// Their portable (SSE2) builds, for tests that compare the two on one machine.
void us_lane_layer_shared_portable(size_t lanes, size_t inputs, size_t outputs, const double *weights,
                                   const double *biases, const double *input, double *output);
void us_lane_layer_own_portable(size_t lanes, size_t inputs, size_t outputs, const double *weights,
                                const double *biases, const double *input, double *output);

#endif
