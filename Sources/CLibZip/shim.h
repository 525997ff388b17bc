#ifndef REPORTGEN_CLIBZIP_SHIM_H
#define REPORTGEN_CLIBZIP_SHIM_H
#include <zip.h>
#include <zlib.h>

/* deflateInit2 is a macro (it passes zlib's version and the stream's size), which Swift
   cannot call: a raw deflate stream (no zlib header, the form a zip entry stores). */
static inline int reportgen_deflate_init_raw(z_streamp stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
}
#endif
