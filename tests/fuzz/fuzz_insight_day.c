/* fuzz_insight_day.c — libFuzzer harness for the dates of insight's custom
 * periods (insight_day_parse). Whatever the bytes: no crash; an accepted
 * date is a day from 1970 to 9999 that formats back to the same text. */
#include "lib/common.h"
#include "core/insight_day.h"

#define INPUT_MAX 64

int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len);
int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len)
{
	if (len > INPUT_MAX)
		return 0;
	char s[INPUT_MAX + 1];
	memcpy(s, buf, len);
	s[len] = '\0';
	int64_t day;
	if (insight_day_parse(s, &day) == PLEIN_OK) {
		char back[32];
		insight_day_format(day, back, sizeof back);
		if (day < 0 || day > 2932896 || strcmp(back, s) != 0)
			abort();
	}
	return 0;
}
