#ifndef REPORTGEN_CLIBZIP_SHIM_H
#define REPORTGEN_CLIBZIP_SHIM_H
#include <zip.h>
#endif
