#ifndef CONVLAB_NUMBER_FORMAT_H
#define CONVLAB_NUMBER_FORMAT_H

#include <stddef.h>

/// `snprintf(buffer, size, spec, value)` for a spec holding exactly one conversion of
/// a `double` (`%.4f`, `%.3e`, `%g`): the C library's printf, called without building a
/// `va_list` from Swift (whose `withVaList` boxes and casts every argument).
int convlab_format_double(char *buffer, size_t size, const char *spec, double value);

/// `snprintf(buffer, size, "%.*f", digits, value)`: fixed notation, `digits` after the point.
int convlab_format_fixed(char *buffer, size_t size, int digits, double value);

/// `snprintf(buffer, size, "%.*e", digits, value)`: scientific notation, `digits` after the point.
int convlab_format_scientific(char *buffer, size_t size, int digits, double value);

#endif
