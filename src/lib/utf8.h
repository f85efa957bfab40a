/* utf8.h — UTF-8 validation and small text checks used on every input. */
#ifndef PLEIN_UTF8_H
#define PLEIN_UTF8_H
#include "lib/common.h"

/* True when s[0..len) is well-formed UTF-8 (no overlongs, no surrogates,
 * nothing above U+10FFFF) and contains no NUL byte. */
bool utf8_valid(const char *s, size_t len);
/* Number of code points in valid UTF-8. */
size_t utf8_length(const char *s, size_t len);
/* True when valid UTF-8 contains a control character (C0, DEL, C1),
 * optionally allowing \n, \r and \t. */
bool utf8_has_control(const char *s, size_t len, bool allow_newlines);
#endif
