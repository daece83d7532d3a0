#ifndef UNDERSTUDY_LINE_RASTER_H
#define UNDERSTUDY_LINE_RASTER_H
#include <stddef.h>
#include <stdint.h>

/// The inner loops of Plotting's LineRaster: one segment's coverage in a tile, and one
/// stroke's blend. In C for SSE2's four-lane single-precision arithmetic and branch-free
/// min/max, which Swift's generic SIMD types did not compile to; without SSE2 the same
/// operations run one lane at a time, with the same results.

/// Pixel edge of a square tile; coverage rows are `US_TILE_STRIDE` bytes apart (room for a
/// four-pixel group starting at the last column).
#define US_TILE 64
#define US_TILE_STRIDE 68

/// A tile: its pixel range (inclusive), its coverage (0…255, zero between strokes), and the
/// columns (tile-relative) and rows touched since the last blend.
typedef struct {
    int32_t col0, col1, row0, row1;
    uint8_t *coverage;
    int32_t *spanFirst, *spanLast;
    int32_t rowFirst, rowLast;
} us_tile;

/// A stroke's clip box: its pixel range and its share of its edge pixels (1 inside).
typedef struct {
    int32_t col0, col1, row0, row1;
    float leftShare, rightShare, topShare, bottomShare;
} us_box;

/// Resets a tile's row spans (coverage is cleared by the caller).
void us_tile_reset(us_tile *tile);

/// Raises the coverage of the tile's pixels within r + 1/2 of segment a–b to
/// min(peak, r + 1/2 − d), d the distance to the segment, peak = min(1, 2r), times the box's
/// share at its edges. Coordinates must be finite.
void us_segment(us_tile *tile, double ax, double ay, double bx, double by, double r, const us_box *box);

/// Blends the touched pixels with a straight-alpha colour (0…255 each; source-over on
/// premultiplied ARGB32, integer arithmetic) and clears the coverage and spans.
void us_blend(us_tile *tile, uint32_t *pixels, ptrdiff_t rowPixels,
              uint32_t alpha, uint32_t red, uint32_t green, uint32_t blue);

#endif
