// Template of one dense layer over lanes (lane_layer.c builds it twice). Lane i of unit j gets
// its bias, then + w_jk · a_k for k in input order, each product and each sum rounded on its own
// — MLP.forward's order — so every lane has the one-input forward's bits; the vectors run across
// lanes, never across k.

static inline __attribute__((always_inline)) US_TARGET vec4 US_VARIANT(load)(const double *p) {
    vec4 v;
    memcpy(&v, p, sizeof v);
    return v;
}

static inline __attribute__((always_inline)) US_TARGET void US_VARIANT(store)(vec4 v, double *p) {
    memcpy(p, &v, sizeof v);
}

/// Lanes from `start` to n of one unit: weight k of lane i at w[k·wStride + i·wLane], bias of
/// lane i at b[i·bLane] (strides 0: shared by every lane).
static inline __attribute__((always_inline)) US_TARGET void
US_VARIANT(unit)(size_t n, size_t nIn, size_t start, const double *w, size_t wStride, size_t wLane,
                 const double *b, size_t bLane, const double *a, double *z) {
    size_t i = start;
    for (; i + 4 <= n; i += 4) {
        vec4 c, wk;
        for (int l = 0; l < 4; l++) c[l] = b[(i + l) * bLane];
        for (size_t k = 0; k < nIn; k++) {
            for (int l = 0; l < 4; l++) wk[l] = w[k * wStride + (i + l) * wLane];
            c = c + wk * US_VARIANT(load)(a + k * n + i);
        }
        US_VARIANT(store)(c, z + i);
    }
    for (; i < n; i++) {
        double c = b[i * bLane];
        for (size_t k = 0; k < nIn; k++) c = c + w[k * wStride + i * wLane] * a[k * n + i];
        z[i] = c;
    }
}

US_TARGET void US_VARIANT(lane_layer_shared)(size_t n, size_t nIn, size_t nOut, const double *weights,
                                             const double *biases, const double *input, double *output) {
    size_t j = 0;
    for (; j + 2 <= nOut; j += 2) {                // two units share each input load
        const double *row = weights + j * nIn, *row1 = row + nIn;
        double *z = output + j * n, *z1 = z + n;
        size_t i = 0;
        for (; i + 16 <= n; i += 16) {             // sixteen lanes: eight independent sums
            vec4 c0 = biases[j], c1 = c0, c2 = c0, c3 = c0;
            vec4 d0 = biases[j + 1], d1 = d0, d2 = d0, d3 = d0;
            const double *x = input + i;
            for (size_t k = 0; k < nIn; k++, x += n) {
                const vec4 x0 = US_VARIANT(load)(x), x1 = US_VARIANT(load)(x + 4);
                const vec4 x2 = US_VARIANT(load)(x + 8), x3 = US_VARIANT(load)(x + 12);
                const vec4 w = row[k], v = row1[k];
                c0 = c0 + w * x0; c1 = c1 + w * x1; c2 = c2 + w * x2; c3 = c3 + w * x3;
                d0 = d0 + v * x0; d1 = d1 + v * x1; d2 = d2 + v * x2; d3 = d3 + v * x3;
            }
            US_VARIANT(store)(c0, z + i); US_VARIANT(store)(c1, z + i + 4);
            US_VARIANT(store)(c2, z + i + 8); US_VARIANT(store)(c3, z + i + 12);
            US_VARIANT(store)(d0, z1 + i); US_VARIANT(store)(d1, z1 + i + 4);
            US_VARIANT(store)(d2, z1 + i + 8); US_VARIANT(store)(d3, z1 + i + 12);
        }
        US_VARIANT(unit)(n, nIn, i, row, 1, 0, biases + j, 0, input, z);
        US_VARIANT(unit)(n, nIn, i, row1, 1, 0, biases + j + 1, 0, input, z1);
    }
    if (j < nOut) US_VARIANT(unit)(n, nIn, 0, weights + j * nIn, 1, 0, biases + j, 0, input, output + j * n);
}

US_TARGET void US_VARIANT(lane_layer_own)(size_t n, size_t nIn, size_t nOut, const double *weights,
                                          const double *biases, const double *input, double *output) {
    for (size_t j = 0; j < nOut; j++) {
        const double *row = weights + j * nIn * n, *b = biases + j * n;
        double *z = output + j * n;
        size_t i = 0;
        for (; i + 16 <= n; i += 16) {
            vec4 c0 = US_VARIANT(load)(b + i), c1 = US_VARIANT(load)(b + i + 4);
            vec4 c2 = US_VARIANT(load)(b + i + 8), c3 = US_VARIANT(load)(b + i + 12);
            const double *x = input + i, *w = row + i;
            for (size_t k = 0; k < nIn; k++, x += n, w += n) {
                c0 = c0 + US_VARIANT(load)(w) * US_VARIANT(load)(x);
                c1 = c1 + US_VARIANT(load)(w + 4) * US_VARIANT(load)(x + 4);
                c2 = c2 + US_VARIANT(load)(w + 8) * US_VARIANT(load)(x + 8);
                c3 = c3 + US_VARIANT(load)(w + 12) * US_VARIANT(load)(x + 12);
            }
            US_VARIANT(store)(c0, z + i); US_VARIANT(store)(c1, z + i + 4);
            US_VARIANT(store)(c2, z + i + 8); US_VARIANT(store)(c3, z + i + 12);
        }
        US_VARIANT(unit)(n, nIn, i, row, n, 1, b, 1, input, z);
    }
}
