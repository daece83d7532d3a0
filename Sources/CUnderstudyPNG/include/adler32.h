#ifndef UNDERSTUDY_ADLER32_H
#define UNDERSTUDY_ADLER32_H
#include <stddef.h>
#include <stdint.h>

/// The Adler-32 checksum of `length` bytes (non-NULL when length > 0) continued from `adler`
/// (1 to start), as zlib's adler32() computes it, sixteen bytes at a time with SSE2 (a PNG's image data is megabytes,
/// and zlib 1.2's scalar loop was a tenth of a figure's encoding time).
uint32_t us_adler32(uint32_t adler, const uint8_t *bytes, size_t length);

#endif
