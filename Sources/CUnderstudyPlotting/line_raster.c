// Every product and sum rounded on its own, on every compiler and CPU (no fused multiply-add).
// First, before any header: an inline helper parsed before the pragma could still be fused.
#pragma STDC FP_CONTRACT OFF

#include "line_raster.h"
#include <math.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

static inline double dmin(double a, double b) { return a < b ? a : b; }
static inline double dmax(double a, double b) { return a > b ? a : b; }
static inline int32_t imin(int32_t a, int32_t b) { return a < b ? a : b; }
static inline int32_t imax(int32_t a, int32_t b) { return a > b ? a : b; }
static inline int32_t floor_i(double x) { int32_t i = (int32_t)x; return (double)i > x ? i - 1 : i; }
static inline int32_t ceil_i(double x) { int32_t i = (int32_t)x; return (double)i < x ? i + 1 : i; }

/// The integers k with lo <= k <= hi and first <= k <= last, as [*a, *b]; clamped as doubles
/// first, so no far-away value reaches a conversion.
static inline int range(double lo, double hi, int32_t first, int32_t last, int32_t *a, int32_t *b) {
    *a = ceil_i(dmax(lo, (double)first));
    *b = floor_i(dmin(hi, (double)last));
    return *a <= *b;
}

/// x / 255 rounded to the nearest integer, for 0 <= x <= 255 * 255.
static inline uint32_t divide255(uint32_t x) { uint32_t t = x + 128; return (t + (t >> 8)) >> 8; }

void us_tile_reset(us_tile *tile) {
    for (int r = 0; r < US_TILE; r++) { tile->spanFirst[r] = INT32_MAX; tile->spanLast[r] = INT32_MIN; }
    tile->rowFirst = INT32_MAX;
    tile->rowLast = INT32_MIN;
}

/// A pixel's offsets at the start of its row's span, and the segment's constants.
typedef struct {
    float afterA, afterB, side;          // along from a, along from b, across; at k = 0
    float stepAlong, stepAcross, reach;  // per column: ux, uy; r + 1/2
} row_start;

/// (r + 1/2 - d) * 255 rounded to nearest even, for the pixel k columns from the span origin;
/// d = sqrt(across^2 + e^2), e how far beyond an end the pixel projects (0 between them).
static inline int32_t cover(float k, const row_start *s) {
    float along = k * s->stepAlong;
    float pastA = -(s->afterA + along), pastB = s->afterB + along;
    float beyond = pastA > pastB ? pastA : pastB;
    beyond = beyond > 0 ? beyond : 0;
    float off = s->side + k * s->stepAcross;
    float d = sqrtf(off * off + beyond * beyond);
    return (int32_t)lrintf((s->reach - d) * 255);
}

static inline uint32_t clamp(int32_t q, int32_t peak) {
    q = q < 0 ? 0 : q > 255 ? 255 : q;
    return (uint32_t)(q < peak ? q : peak);
}

#if defined(__SSE2__)
/// A segment's constants, in lanes.
typedef struct { __m128 stepAlong, stepAcross, reach; __m128i peak; } kernel;
/// A row's start offsets in lanes, the first column past its span, and the span origin.
typedef struct { __m128 afterA, afterB, side; __m128i end; int32_t origin; } quad;

/// Raises the coverage of image columns col...col + 3 of a row (the same arithmetic as
/// cover()); `line` is the tile row, whose first byte is column `first`.
static inline void raise4(uint8_t *line, int32_t first, int32_t col, const quad *q, const kernel *k) {
    const __m128 lanes = _mm_set_ps(3, 2, 1, 0), zero = _mm_setzero_ps();
    const __m128 f = _mm_add_ps(_mm_set1_ps((float)(col - q->origin)), lanes);
    const __m128 along = _mm_mul_ps(f, k->stepAlong);
    const __m128 pastA = _mm_sub_ps(zero, _mm_add_ps(q->afterA, along)), pastB = _mm_add_ps(q->afterB, along);
    const __m128 beyond = _mm_max_ps(_mm_max_ps(pastA, pastB), zero);
    const __m128 off = _mm_add_ps(q->side, _mm_mul_ps(f, k->stepAcross));
    const __m128 d = _mm_sqrt_ps(_mm_add_ps(_mm_mul_ps(off, off), _mm_mul_ps(beyond, beyond)));
    __m128i c = _mm_cvtps_epi32(_mm_mul_ps(_mm_sub_ps(k->reach, d), _mm_set1_ps(255)));
    c = _mm_and_si128(c, _mm_cmplt_epi32(_mm_add_epi32(_mm_set1_epi32(col), _mm_set_epi32(3, 2, 1, 0)), q->end));
    c = _mm_packs_epi32(c, c);                           // saturating: clamps to 0...255
    c = _mm_min_epu8(_mm_packus_epi16(c, c), k->peak);
    int32_t old;
    memcpy(&old, line + (col - first), 4);
    const int32_t raised = _mm_cvtsi128_si32(_mm_max_epu8(_mm_cvtsi32_si128(old), c));
    memcpy(line + (col - first), &raised, 4);
}
#endif

void us_segment(us_tile *t, double ax, double ay, double bx, double by, double r, const us_box *box) {
    const double reach = r + 0.5;
    const double peak = dmin(1, 2 * r);                  // lines thinner than a pixel never cover one fully
    const double dx = bx - ax, dy = by - ay;
    const double length = sqrt(dx * dx + dy * dy);
    const double ux = length > 0 ? dx / length : 1, uy = length > 0 ? dy / length : 0;
    int32_t row0, row1;
    if (!range(dmin(ay, by) - reach - 0.5, dmax(ay, by) + reach - 0.5,
               imax(box->row0, t->row0), imin(box->row1, t->row1), &row0, &row1)) return;
    const double xMin = dmin(ax, bx) - reach - 0.5, xMax = dmax(ax, bx) + reach - 0.5;
    const int32_t first = imax(box->col0, t->col0), last = imin(box->col1, t->col1);
    // Pixel centres within reach of the line lie within reach / |uy| of its x on the row;
    // directions within 1e-12 of the horizontal count as on it (no huge reciprocals).
    const int steep = fabs(uy) >= 1e-12;
    const double slope = steep ? ux / uy : 0, halfSpan = steep ? reach / fabs(uy) : INFINITY;
    const int32_t peak255 = (int32_t)(peak * 255 + 0.5);
    row_start s = { 0, 0, 0, (float)ux, (float)uy, (float)reach };
#if defined(__SSE2__)
    const kernel k = { _mm_set1_ps(s.stepAlong), _mm_set1_ps(s.stepAcross), _mm_set1_ps(s.reach),
                       _mm_set1_epi8((char)peak255) };
#endif
    for (int32_t row = row0; row <= row1; row++) {
        const double ry = row + 0.5 - ay;
        const double centre = ax + ry * slope - 0.5;
        const double lo = dmax(centre - halfSpan, xMin), hi = dmin(centre + halfSpan, xMax);
        int32_t c0, c1;
        if (!range(lo, hi, first, last, &c0, &c1)) continue;
        // Offsets of the first pixel inside the clip box (not the tile) on this row, so a
        // pixel's value does not depend on the tiling; single precision follows the per-column
        // steps far below a coverage step (1/255), and each offset is small where it matters.
        const int32_t origin = ceil_i(dmax(lo, (double)box->col0));
        const double px = origin + 0.5 - ax;
        const double fromA = px * ux + ry * uy;
        s.afterA = (float)fromA;
        s.afterB = (float)(fromA - length);
        s.side = (float)(px * uy - ry * ux);
        uint8_t *line = t->coverage + (ptrdiff_t)(row - t->row0) * US_TILE_STRIDE;   // column t->col0 first
        const float rowShare = row == box->row0 ? box->topShare : row == box->row1 ? box->bottomShare : 1;
        if (rowShare != 1 || c0 == box->col0 || c1 == box->col1) {
            // The clip box's edge rows and columns: coverage times the box's share.
            for (int32_t col = c0; col <= c1; col++) {
                const float share = rowShare * (col == box->col0 ? box->leftShare : col == box->col1 ? box->rightShare : 1);
                const uint32_t q = (uint32_t)((float)clamp(cover((float)(col - origin), &s), peak255) * share + 0.5f);
                if (q > line[col - t->col0]) line[col - t->col0] = (uint8_t)q;
            }
        } else {
#if defined(__SSE2__)
            // Four pixels at a time; lanes past c1 get 0 (the row has room for them).
            const quad q = { _mm_set1_ps(s.afterA), _mm_set1_ps(s.afterB), _mm_set1_ps(s.side),
                             _mm_set1_epi32(c1 + 1), origin };
            for (int32_t col = c0; col <= c1; col += 4) raise4(line, t->col0, col, &q, &k);
#else
            for (int32_t col = c0; col <= c1; col++) {
                const uint32_t q = clamp(cover((float)(col - origin), &s), peak255);
                if (q > line[col - t->col0]) line[col - t->col0] = (uint8_t)q;
            }
#endif
        }
        const int32_t tr = row - t->row0;
        t->spanFirst[tr] = imin(t->spanFirst[tr], c0 - t->col0);
        t->spanLast[tr] = imax(t->spanLast[tr], c1 - t->col0);
        t->rowFirst = imin(t->rowFirst, tr);
        t->rowLast = imax(t->rowLast, tr);
    }
}

void us_blend(us_tile *t, uint32_t *pixels, ptrdiff_t rowPixels,
              uint32_t alpha, uint32_t red, uint32_t green, uint32_t blue) {
    for (int32_t r = t->rowFirst; r <= t->rowLast; r++) {
        const int32_t lo = t->spanFirst[r], hi = t->spanLast[r];
        t->spanFirst[r] = INT32_MAX;
        t->spanLast[r] = INT32_MIN;
        uint8_t *coverage = t->coverage + (ptrdiff_t)r * US_TILE_STRIDE;
        uint32_t *line = pixels + (ptrdiff_t)(t->row0 + r) * rowPixels + t->col0;
        // Pixels the stroke missed have coverage 0, and blending them changes nothing: groups
        // of four may run past the span, up to the tile's last column.
        const int32_t lastGroup = t->col1 - t->col0 - 3;
        int32_t c = lo;
#if defined(__SSE2__)
        const __m128i zero = _mm_setzero_si128(), rounding = _mm_set1_epi16(128), full = _mm_set1_epi16(255);
        const __m128i source = _mm_set_epi16(255, (short)red, (short)green, (short)blue, 255, (short)red, (short)green, (short)blue);
        const __m128i vAlpha = _mm_set1_epi16((short)alpha);
        for (; c <= hi && c <= lastGroup; c += 4) {
            int32_t four;
            memcpy(&four, coverage + c, 4);
            memset(coverage + c, 0, 4);
            // a = alpha * coverage / 255 per pixel, then spread over each pixel's 4 channels.
            __m128i a = _mm_mullo_epi16(_mm_unpacklo_epi8(_mm_cvtsi32_si128(four), zero), vAlpha);
            a = _mm_add_epi16(a, rounding);
            a = _mm_srli_epi16(_mm_add_epi16(a, _mm_srli_epi16(a, 8)), 8);
            a = _mm_unpacklo_epi16(a, a);
            const __m128i a01 = _mm_unpacklo_epi32(a, a), a23 = _mm_unpackhi_epi32(a, a);
            const __m128i p = _mm_loadu_si128((const __m128i *)(line + c));
            __m128i halves[2];
            const __m128i as[2] = { a01, a23 };
            const __m128i ps[2] = { _mm_unpacklo_epi8(p, zero), _mm_unpackhi_epi8(p, zero) };
            for (int h = 0; h < 2; h++) {
                __m128i v = _mm_add_epi16(_mm_mullo_epi16(source, as[h]), _mm_mullo_epi16(ps[h], _mm_sub_epi16(full, as[h])));
                v = _mm_add_epi16(v, rounding);
                halves[h] = _mm_srli_epi16(_mm_add_epi16(v, _mm_srli_epi16(v, 8)), 8);
            }
            _mm_storeu_si128((__m128i *)(line + c), _mm_packus_epi16(halves[0], halves[1]));
        }
#endif
        for (; c <= hi; c++) {
            const uint32_t a = divide255(alpha * coverage[c]), keep = 255 - a, p = line[c];
            coverage[c] = 0;
            line[c] = divide255(255 * a + (p >> 24) * keep) << 24
                    | divide255(red * a + ((p >> 16) & 0xFF) * keep) << 16
                    | divide255(green * a + ((p >> 8) & 0xFF) * keep) << 8
                    | divide255(blue * a + (p & 0xFF) * keep);
        }
    }
    t->rowFirst = INT32_MAX;
    t->rowLast = INT32_MIN;
}
