/* test_insight_day.c — dates of insight's custom periods: YYYY-MM-DD to
 * UTC day numbers and back (known days, leap years, the range), and what
 * is refused (not a real date, another shape, before 1970). */
#include "unit.h"
#include "core/insight_day.h"
#include "core/insight.h"

static void test_known_days(void **state)
{
	UNUSED(state);
	static const struct { const char *date; int64_t day; } known[] = {
		{ "1970-01-01", 0 }, { "1970-01-02", 1 }, { "2000-02-29", 11016 }, { "2000-03-01", 11017 },
		{ "2024-02-29", 19782 }, { "2026-11-24", 20781 }, { "9999-12-31", 2932896 },
	};
	for (size_t i = 0; i < ARRAY_LEN(known); i++) {
		int64_t d = -1;
		char back[16];
		assert_int_equal(insight_day_parse(known[i].date, &d), PLEIN_OK);
		assert_int_equal(d, known[i].day);
		insight_day_format(d, back, sizeof back);
		assert_string_equal(back, known[i].date);
	}
	/* the same day numbers as insight_day() of a unix time */
	int64_t d;
	assert_int_equal(insight_day_parse("2026-11-24", &d), PLEIN_OK);
	assert_int_equal(d, insight_day(1795489631));
}

static void test_refused(void **state)
{
	UNUSED(state);
	static const char *const bad[] = { NULL, "", "2026-02-29", "2100-02-29", "2026-13-01", "2026-00-10", "2026-04-31",
		"2026-01-00", "1969-12-31", "2026-1-01", "2026/01/01", "2026-01-01T00:00", " 2026-01-01", "2026-01-01 ",
		"20260101", "２026-01-01", "2026-01-0a" };
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		int64_t d = 42;
		assert_int_equal(insight_day_parse(bad[i], &d), PLEIN_INVALID);
		assert_int_equal(d, 42);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_days),
		cmocka_unit_test(test_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
