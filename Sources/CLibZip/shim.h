#ifndef REPORTGEN_CLIBZIP_SHIM_H
#define REPORTGEN_CLIBZIP_SHIM_H
#include <zip.h>
#include <zlib.h>

/* deflateInit2 is a macro (it passes zlib's version and the stream's size), which Swift
   cannot call: a raw deflate stream (no zlib header, the form a zip entry stores). */
static inline int reportgen_deflate_init_raw(z_streamp stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
}

/* A zlib stream (RFC 1950 header and checksum), the form of a PDF's FlateDecode stream. */
static inline int reportgen_deflate_init_zlib(z_streamp stream, int level) {
    return deflateInit(stream, level);
}
static inline int reportgen_inflate_init_zlib(z_streamp stream) {
    return inflateInit(stream);
}
#endif
