#include "adler32.h"
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

enum { BASE = 65521, NMAX = 5552 };   // NMAX: the most bytes before the sums could overflow 32 bits

#if defined(__SSE2__)
static inline uint32_t sum4(__m128i v) {
    v = _mm_add_epi32(v, _mm_shuffle_epi32(v, _MM_SHUFFLE(1, 0, 3, 2)));
    v = _mm_add_epi32(v, _mm_shuffle_epi32(v, _MM_SHUFFLE(2, 3, 0, 1)));
    return (uint32_t)_mm_cvtsi128_si32(v);
}
#endif

uint32_t us_adler32(uint32_t adler, const uint8_t *bytes, size_t length) {
    uint32_t a = (adler & 0xFFFF) % BASE, b = (adler >> 16) % BASE;   // as zlib, for any start
    while (length > 0) {
        size_t n = length < NMAX ? length : NMAX;
        length -= n;
#if defined(__SSE2__)
        // Per 16-byte block: b += 16 a + sum (16 - i) x_i, then a += sum x_i. Summed over the
        // blocks: b gains 16 a_0 per block, 16 times the byte sums of the blocks before each
        // block, and the weighted sums.
        const size_t blocks = n / 16;
        const __m128i zero = _mm_setzero_si128();
        const __m128i weightsLow = _mm_set_epi16(9, 10, 11, 12, 13, 14, 15, 16);
        const __m128i weightsHigh = _mm_set_epi16(1, 2, 3, 4, 5, 6, 7, 8);
        __m128i sums = zero, before = zero, weighted = zero;
        for (size_t k = 0; k < blocks; k++) {
            const __m128i x = _mm_loadu_si128((const __m128i *)(bytes + 16 * k));
            before = _mm_add_epi32(before, sums);
            sums = _mm_add_epi32(sums, _mm_sad_epu8(x, zero));
            weighted = _mm_add_epi32(weighted, _mm_madd_epi16(_mm_unpacklo_epi8(x, zero), weightsLow));
            weighted = _mm_add_epi32(weighted, _mm_madd_epi16(_mm_unpackhi_epi8(x, zero), weightsHigh));
        }
        b += (uint32_t)(16 * blocks) * a + 16 * sum4(before) + sum4(weighted);
        a += sum4(sums);
        bytes += 16 * blocks;
        n -= 16 * blocks;
#endif
        while (n-- > 0) { a += *bytes++; b += a; }
        a %= BASE;
        b %= BASE;
    }
    return b << 16 | a;
}
