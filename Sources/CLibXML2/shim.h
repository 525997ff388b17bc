#ifndef REPORTGEN_CLIBXML2_SHIM_H
#define REPORTGEN_CLIBXML2_SHIM_H

// Debian's libxml2 is built with ICU; its headers would pull in the system ICU headers,
// which clash with the ICU that Foundation carries ("'UErrorCode' has different
// definitions in different modules"). Nothing here needs ICU, so switch it off first.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlsave.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

// xmlFree is a global function pointer: Swift 6 treats reading it as a data race.
static inline void cxml_free(void *p) { xmlFree(p); }

#endif
