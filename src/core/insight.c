/* insight.c — what the insight modules share: default options and the
 * progress reporting that maps each step's 0..100 onto its share of the run
 * (insight.h). */
#include "lib/common.h"
#include "core/insight.h"

void insight_options_default(struct insight_options *o, int64_t now)
{
	memset(o, 0, sizeof *o);
	o->now = now;
	o->half_life_days = 180;
	o->betweenness_samples = 0;
	o->seed = 20261124;
	o->people_graph_max = 300;
}

int insight_progress_report(const struct insight_progress *pr, const char *phase, int step_percent)
{
	if (!pr || !pr->report)
		return 0;
	if (step_percent < 0)
		step_percent = 0;
	if (step_percent > 100)
		step_percent = 100;
	int from = pr->from, to = pr->to > pr->from ? pr->to : 100;
	return pr->report(pr->ctx, phase, from + (to - from) * step_percent / 100);
}
