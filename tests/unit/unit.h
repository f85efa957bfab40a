/* unit.h — included first by every unit test: the project's common header,
 * then what cmocka needs before <cmocka.h>, then cmocka itself. */
#ifndef PLEIN_TESTS_UNIT_H
#define PLEIN_TESTS_UNIT_H
#include "lib/common.h"
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#endif
