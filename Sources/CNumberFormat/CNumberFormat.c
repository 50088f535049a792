#include "CNumberFormat.h"

#include <stdio.h>

int convlab_format_double(char *buffer, size_t size, const char *spec, double value) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    return snprintf(buffer, size, spec, value);
#pragma GCC diagnostic pop
}

int convlab_format_fixed(char *buffer, size_t size, int digits, double value) {
    return snprintf(buffer, size, "%.*f", digits, value);
}

int convlab_format_scientific(char *buffer, size_t size, int digits, double value) {
    return snprintf(buffer, size, "%.*e", digits, value);
}
