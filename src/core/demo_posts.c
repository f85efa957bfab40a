/* demo_posts.c — the conversations of the demo organisation (see demo.h):
 * topics, follows, and posts with comments, reactions, praise and mentions,
 * fast enough for millions of posts (one transaction, statements prepared
 * once, secondary indexes built after the load). Every body_html is the
 * real rendering (markdown_to_html_refs, ~6 µs a post), so demo data looks
 * exactly like data written through the API. */
#include "core/demo.h"
#include "core/demo_rng.h"
#include "core/markdown.h"
#include "core/posts.h"
#include "core/reactions.h"
#include "lib/strbuf.h"
#include <math.h>
#include <time.h>

#define DAY 86400
#define SPAN (2 * 365 * DAY)       /* posts cover the last two years */
#define TOPICS_WANTED 300
#define COMMENTS_MAX 40
#define REACTIONS_MAX 160
#define NEIGHBOURS_MAX 4
#define DEPT_POPULAR 64            /* a department's best-known: its first members, Zipf-weighted */

/* Departments that work together, and pairs that barely talk (names as in
 * demo.c; a pair whose departments a small demo lacks is skipped). */
static const char *const neighbour_pairs[][2] = {
	{ "Finance", "Legal" }, { "Finance", "Operations" }, { "Finance", "People & Culture" },
	{ "People & Culture", "Communications" }, { "IT", "Research" }, { "IT", "Operations" },
	{ "Marketing", "Sales" }, { "Marketing", "Communications" }, { "Sales", "Customer Service" },
	{ "Customer Service", "Operations" }, { "Research", "Communications" }, { "Legal", "People & Culture" },
	{ "IT", "People & Culture" }, { "Marketing", "Finance" },
};
static const char *const quiet_pairs[][2] = {
	{ "Legal", "Research" }, { "IT", "Marketing" }, { "Customer Service", "Finance" },
};

/* Topics: general ones first (the Zipf draw makes them the common ones),
 * then department themes. */
static const char *topic_general[] = {
	"Onboarding", "Duurzaamheid", "Subsidies", "Security", "Privacy", "Hybride-werken", "Teamuitje", "Roadmap",
	"Klanttevredenheid", "Innovatie", "AI", "Data", "Vrijdagmiddagborrel", "Kwartaalcijfers", "Strategie2026",
	"Welzijn", "Inclusie", "Toegankelijkheid", "Opleiding", "Mentoring", "Kantoor", "Verhuizing", "Fietsplan",
	"Lunchlezing", "Hackathon", "Open-source", "Cloud", "Migratie", "Intranet", "Nieuwsbrief", "Vacatures",
	"Jubileum", "Kerstborrel", "Sinterklaas", "Koningsdag", "Zomerfeest", "Sport", "Hardlopen", "Fietsen",
	"Goede-doelen", "Vrijwilligerswerk", "Energie", "CO2", "Circulair", "Inkoop", "Aanbesteding", "Budget2026",
	"Jaarplan", "OKR", "Procesverbetering", "Lean", "Agile", "Scrum", "Klantreis", "Webinar", "Congres",
	"Tips", "Vraag", "Gezocht", "Gevonden", "Succes", "Mijlpaal", "Release", "Storing", "Onderhoud",
	"Wetgeving", "AVG", "ISO27001", "Audit", "Risico", "Compliance", "Communicatie", "Merk", "Website",
	"SocialMedia", "Pers", "Evenementen", "Netwerk", "Kennisdeling", "Bibliotheek", "Podcast", "Boekentip",
	"Excel", "PowerBI", "Python", "SQL", "Dashboards", "Automatisering", "Testen", "Architectuur", "API",
	"Mobiel", "Thuiswerken", "Reiskosten", "Parkeren", "Kantine", "Koffie", "Vergaderen", "Focus",
};
static const char *topic_depts[] = { "Finance", "HR", "IT", "Marketing", "Sales", "Legal", "Service", "Ops",
                                     "Research", "Comms" };
static const char *topic_themes[] = { "Team", "News", "Wins", "Hiring", "Roadmap", "Events", "Tips", "Questions",
                                      "Updates", "Projects", "Training", "Offsite", "OKRs", "Retro", "Tools",
                                      "Onboarding", "Reports", "Planning", "Ideas", "Celebrations" };

static const char *update_sentences[] = {
	"Just shipped the new version of the expense form, let me know what you think.",
	"Finished the quarterly forecast with the team today.",
	"Looking for someone who has worked with grant applications before.",
	"Great session this morning on how we plan our sprints.",
	"The new meeting rooms on the third floor are ready to book.",
	"We closed the last open tickets of this month, well done everyone.",
	"Sharing the slides of yesterday's lunch talk in the team folder.",
	"Who else is joining the charity run next month?",
	"Our customer satisfaction score went up again this quarter.",
	"Working from the Rotterdam office this week, say hi if you are around.",
	"The migration to the new storage went smoothly over the weekend.",
	"Any tips for a good book on negotiation?",
	"First week in the team and everyone has been so welcoming.",
	"Reminder that the timesheets for this month are due on Friday.",
	"We are testing a new way of planning the support rota.",
	"Presented our research findings to the board today.",
	"The draft policy on hybrid working is open for comments until next week.",
	"Lovely to see so many people at the summer party.",
	"Does anyone have experience with accessibility audits of our website?",
	"Our team hit its goal for the tender season.",
	"Today I learned that the printer on the second floor scans to e-mail.",
	"Started a small reading group on data visualisation, all welcome.",
	"The new onboarding checklist is live for all departments.",
	"Spent the day with a customer and learned a lot about how they use our service.",
	"We reduced the processing time of invoices by two days.",
	"Thanks to everyone who filled in the wellbeing survey.",
	"Back from the conference with lots of ideas to share.",
	"Coffee machine on the ground floor is fixed again.",
	"We are hiring two more colleagues for the service desk.",
	"The security awareness training takes about twenty minutes and is worth it.",
	"Cleaned up our shared drive, the old archive is now read only.",
	"Updated the style guide with the new logo colours.",
	"Quick question: where do we keep the templates for project plans?",
	"Our pilot with electric lease cars starts in September.",
	"The intranet now has a page for every team, check yours.",
	"Planning the next offsite, ideas for a location are welcome.",
	"Released the monthly dashboard with the latest figures.",
	"Went through the audit findings with the compliance team.",
	"Helping the sales team prepare the big bid this week.",
	"Happy to pair with anyone who wants to learn some SQL.",
};
static const char *mention_sentences[] = {
	"Thanks %s for the quick help.", "%s could you have a look?", "Great work by %s on this.",
	"Together with %s.", "Ask %s if you want to know more.",
};
static const char *praise_reasons[] = {
	"for helping out with the year-end close.", "for the patient explanation of the new process.",
	"for jumping in when we were short-staffed.", "for the excellent presentation to the board.",
	"for sharing your knowledge so generously.", "for going the extra mile for our customer.",
	"for organising the summer party.", "for the careful review of the contract.",
	"for mentoring our new colleagues.", "for fixing the outage in the middle of the night.",
};
static const char *announcements[] = {
	"The office is closed on the public holiday next Monday.",
	"New travel policy: please read it before booking your next trip.",
	"Our annual staff survey is open, it takes ten minutes.",
	"Maintenance of the e-mail system this Saturday from 8 to 12.",
	"Welcome to our new director of operations.",
	"The all-hands meeting is on Thursday at 15:00 in the main hall and online.",
	"Please update your emergency contact details in your profile.",
	"The new collective labour agreement has been signed.",
};
static const char *comment_sentences[] = {
	"Great news!", "Thanks for sharing.", "Well done!", "Interesting, tell me more.", "Count me in.",
	"I can help with this.", "Nice work, team.", "Where can I find the details?", "Agreed.",
	"Good question, I was wondering the same.", "Congratulations!", "This will save us a lot of time.",
	"Looking forward to it.", "Can we discuss this in the next team meeting?", "Love this.",
	"I sent you a message.", "Very helpful, thank you.", "Same here.", "Let me check and come back to you.",
	"Brilliant idea.",
};
/* Weights of the reaction kinds, in reaction_kinds order. */
static const int reaction_weight[REACTION_KINDS] = { 50, 20, 12, 8, 6, 4 };
/* The tables this file fills: their secondary indexes are rebuilt. */
#define CONVERSATION_TABLES "'posts','post_topics','comments','mentions','reactions','praise','follows','topic_follows'"

struct gen {
	struct db *db;
	struct pool *keep, *pl;         /* the whole run; one post */
	int64_t n_people, *ids, *created;
	const char **names;
	int *dept;                      /* index into depts, per person */
	int64_t **dept_members, *dept_n;
	int n_depts;
	const char *dept_names[32];
	/* who one works with (see colleague_of): the manager (index, -1 for
	 * none) and the people reporting to each one (kids[kid_at[m] …
	 * kid_at[m + 1]]); neighbour departments and pairs that barely talk;
	 * the few with a role across departments */
	int64_t *manager, *kid_at, *kids;
	int nb[32][NEIGHBOURS_MAX], n_nb[32];
	bool quiet[32][32];
	bool *bridge;
	int64_t *bridges, n_bridges;
	double dept_popular_cum[DEPT_POPULAR];
	double *author_cum;
	int64_t *popular;
	size_t n_popular;
	double popular_cum[512];
	int64_t topic_ids[TOPICS_WANTED];
	const char *topic_names[TOPICS_WANTED];
	char topic_keys[TOPICS_WANTED][MARKDOWN_TOPIC_MAX * 2 + 1];
	double topic_cum[TOPICS_WANTED];
	size_t n_topics;
	int64_t now, start, admin, member;
	struct db_stmt *st_post, *st_topic, *st_comment, *st_mention, *st_reaction, *st_praise;
	struct strbuf text;
	struct demo_posts_result *out;
};

static int load_teams(struct gen *g);

static int64_t clamp_now(const struct gen *g, int64_t t)
{
	return t > g->now ? g->now : t;
}

/* A person who existed at time t (index into the arrays); the director,
 * who has been there longest, when a few draws find no one. */
static size_t person_at(const struct gen *g, int64_t t)
{
	for (int tries = 0; tries < 8; tries++) {
		size_t i = demo_pick((size_t)g->n_people);
		if (g->created[i] <= t)
			return i;
	}
	return 0;
}

static int step_done(struct db_stmt *st)
{
	int rc = db_step(st);
	db_done(st);
	return rc == DB_DONE ? PLEIN_OK : rc < 0 ? rc : PLEIN_ERROR;
}

static int load_people(struct gen *g)
{
	static const char sql[] = "SELECT id, created_at, department, email, name, coalesce(manager_id, 0) FROM people ORDER BY id";
	size_t cap = 1024;
	const char **dept_names = g->dept_names;
	g->ids = xcalloc(cap, sizeof(*g->ids));
	g->manager = xcalloc(cap, sizeof(*g->manager));
	g->created = xcalloc(cap, sizeof(*g->created));
	g->dept = xcalloc(cap, sizeof(*g->dept));
	g->names = xcalloc(cap, sizeof(*g->names));
	struct db_stmt *st = db_prepare(g->db, sql);
	if (!st)
		return PLEIN_ERROR;
	int rc;
	g->admin = g->member = -1;
	while ((rc = db_step(st)) == DB_ROW) {
		if ((size_t)g->n_people == cap) {
			cap *= 2;
			g->ids = xrealloc(g->ids, st_mult(cap, sizeof(*g->ids)));
			g->created = xrealloc(g->created, st_mult(cap, sizeof(*g->created)));
			g->dept = xrealloc(g->dept, st_mult(cap, sizeof(*g->dept)));
			g->names = xrealloc(g->names, st_mult(cap, sizeof(*g->names)));
			g->manager = xrealloc(g->manager, st_mult(cap, sizeof(*g->manager)));
		}
		size_t i = (size_t)g->n_people++;
		g->ids[i] = db_col_int(st, 0);
		g->created[i] = db_col_int(st, 1);
		g->names[i] = pool_strdup(g->keep, db_col_text(st, 4));
		g->manager[i] = db_col_int(st, 5);  /* an id until load_teams */
		const char *d = db_col_text(st, 2), *email = db_col_text(st, 3);
		int k;
		for (k = 0; k < g->n_depts && strcmp(dept_names[k], d) != 0; k++)
			;
		if (k == g->n_depts && k < (int)ARRAY_LEN(g->dept_names))
			dept_names[g->n_depts++] = pool_strdup(g->keep, d);
		g->dept[i] = k < (int)ARRAY_LEN(g->dept_names) ? k : 0;
		if (strcmp(email, "admin@example.com") == 0)
			g->admin = (int64_t)i;
		else if (strcmp(email, "member@example.com") == 0)
			g->member = (int64_t)i;
	}
	db_done(st);
	if (rc != DB_DONE || g->n_people < 2)
		return PLEIN_ERROR;
	if (g->admin < 0)
		g->admin = 0;
	/* "now" as demo_create saw it (the director joined three years before),
	 * so a seed gives the same posts however long the people took */
	int64_t then = g->created[g->admin] + 3 * 365 * DAY;
	if (then <= g->now && then > g->now - DAY) {
		g->now = then;
		g->start = then - SPAN;
	}
	/* the director posts from the start: the fallback author of person_at */
	if (g->admin != 0) {
		int64_t t;
		int d;
		t = g->ids[0], g->ids[0] = g->ids[g->admin], g->ids[g->admin] = t;
		t = g->created[0], g->created[0] = g->created[g->admin], g->created[g->admin] = t;
		d = g->dept[0], g->dept[0] = g->dept[g->admin], g->dept[g->admin] = d;
		const char *nm = g->names[0];
		g->names[0] = g->names[g->admin], g->names[g->admin] = nm;
		t = g->manager[0], g->manager[0] = g->manager[g->admin], g->manager[g->admin] = t;
		if (g->member == 0)
			g->member = g->admin;
		g->admin = 0;
	}
	if (g->created[0] > g->start)
		g->created[0] = g->start;
	g->dept_members = xcalloc((size_t)g->n_depts, sizeof(*g->dept_members));
	g->dept_n = xcalloc((size_t)g->n_depts, sizeof(*g->dept_n));
	for (int64_t i = 0; i < g->n_people; i++)
		g->dept_n[g->dept[i]]++;
	for (int k = 0; k < g->n_depts; k++) {
		g->dept_members[k] = xcalloc((size_t)g->dept_n[k], sizeof(int64_t));
		g->dept_n[k] = 0;
	}
	for (int64_t i = 0; i < g->n_people; i++)
		g->dept_members[g->dept[i]][g->dept_n[g->dept[i]]++] = i;

	/* how much each one posts: a fifth only read, the rest Pareto-like,
	 * so a few write a lot; the demo member writes now and then */
	g->author_cum = xcalloc((size_t)g->n_people, sizeof(*g->author_cum));
	double sum = 0;
	for (int64_t i = 0; i < g->n_people; i++) {
		double u = ((double)(demo_rnd() >> 11) + 1.0) / 9007199254740992.0, w = 0;
		if (i == 0 || i == g->member)
			w = 2;
		else if (demo_pick(5) != 0)
			w = fmin(pow(u, -0.6), 40.0);
		g->author_cum[i] = sum += w;
	}
	/* the popular: the director, the department heads (made right after
	 * the director) and a few hundred others, Zipf-weighted */
	g->n_popular = ARRAY_LEN(g->popular_cum) < (size_t)g->n_people ? ARRAY_LEN(g->popular_cum) : (size_t)g->n_people;
	g->popular = xcalloc(g->n_popular, sizeof(*g->popular));
	for (size_t i = 0; i < g->n_popular; i++)
		g->popular[i] = i < 12 ? (int64_t)i : (int64_t)demo_pick((size_t)g->n_people);
	demo_zipf_table(g->popular_cum, g->n_popular);
	demo_zipf_table(g->dept_popular_cum, DEPT_POPULAR);
	return load_teams(g);
}

/* A person drawn from anywhere, but not from a department d barely talks
 * to (after a few draws, one of d's own). */
static size_t anyone_for(const struct gen *g, int d)
{
	for (int tries = 0; tries < 4; tries++) {
		size_t j = demo_pick((size_t)g->n_people);
		if (!g->quiet[d][g->dept[j]])
			return j;
	}
	return (size_t)g->dept_members[d][demo_pick((size_t)g->dept_n[d])];
}

/* Someone of i's team: the manager, one of i's reports, or one with the
 * same manager (a head's team is the director and the other heads). */
static size_t teammate_of(const struct gen *g, size_t i)
{
	int64_t m = g->manager[i], own = g->kid_at[i + 1] - g->kid_at[i];
	size_t r = demo_pick(8);
	if (r == 0 && m >= 0)
		return (size_t)m;
	if (r == 1 && own)
		return (size_t)g->kids[g->kid_at[i] + (int64_t)demo_pick((size_t)own)];
	if (m >= 0)
		return (size_t)g->kids[g->kid_at[m] + (int64_t)demo_pick((size_t)(g->kid_at[m + 1] - g->kid_at[m]))];
	if (own)
		return (size_t)g->kids[g->kid_at[i] + (int64_t)demo_pick((size_t)own)];
	return i;
}

/* Whom i interacts with: mostly the own team and department, some of the
 * neighbour departments, a few anyone (never much with a department d
 * barely talks to); the ~1 % with a role across departments half of the
 * time anyone. This is what gives the insight network its communities,
 * quiet department pairs and bridge-builders. */
static size_t colleague_draw(const struct gen *g, size_t i)
{
	int d = g->dept[i];
	if (g->bridge[i] && demo_pick(2) == 0)
		return anyone_for(g, d);
	size_t r = demo_pick(100);
	if (r < 25)
		return teammate_of(g, i);
	if (r < 83 && (r < 65 || g->n_nb[d] == 0))
		return (size_t)g->dept_members[d][demo_pick((size_t)g->dept_n[d])];
	if (r < 83) {
		int e = g->nb[d][demo_pick((size_t)g->n_nb[d])];
		return (size_t)g->dept_members[e][demo_pick((size_t)g->dept_n[e])];
	}
	if (r < 86 && g->n_bridges) {
		size_t j = (size_t)g->bridges[demo_pick((size_t)g->n_bridges)];
		if (!g->quiet[d][g->dept[j]])
			return j;
	}
	return anyone_for(g, d);
}

/* A colleague of i who existed at time t (anyone who did, when a few
 * draws find none: early on few of them had joined). */
static size_t colleague_at(const struct gen *g, size_t i, int64_t t)
{
	for (int tries = 0; tries < 8; tries++) {
		size_t j = colleague_draw(g, i);
		if (g->created[j] <= t)
			return j;
	}
	return person_at(g, t);
}

static int dept_index(const struct gen *g, const char *name)
{
	for (int k = 0; k < g->n_depts; k++)
		if (strcmp(g->dept_names[k], name) == 0)
			return k;
	return -1;
}

/* Managers as indexes, reports per manager, neighbour and quiet
 * departments, and the bridge-builders. */
static int load_teams(struct gen *g)
{
	int64_t max_id = 0;
	for (int64_t i = 0; i < g->n_people; i++)
		max_id = g->ids[i] > max_id ? g->ids[i] : max_id;
	int64_t *index_of = xcalloc((size_t)max_id + 1, sizeof(*index_of));
	for (int64_t i = 0; i <= max_id; i++)
		index_of[i] = -1;
	for (int64_t i = 0; i < g->n_people; i++)
		index_of[g->ids[i]] = i;
	g->kid_at = xcalloc((size_t)g->n_people + 2, sizeof(*g->kid_at));
	for (int64_t i = 0; i < g->n_people; i++) {
		int64_t m = g->manager[i];
		g->manager[i] = m > 0 && m <= max_id && index_of[m] != i ? index_of[m] : -1;
		if (g->manager[i] >= 0)
			g->kid_at[g->manager[i] + 2]++;
	}
	free(index_of);
	for (int64_t i = 0; i < g->n_people; i++)
		g->kid_at[i + 2] += g->kid_at[i + 1];
	g->kids = xcalloc((size_t)g->kid_at[g->n_people + 1] + 1, sizeof(*g->kids));
	for (int64_t i = 0; i < g->n_people; i++)
		if (g->manager[i] >= 0)
			g->kids[g->kid_at[g->manager[i] + 1]++] = i;
	for (size_t k = 0; k < ARRAY_LEN(neighbour_pairs); k++) {
		int a = dept_index(g, neighbour_pairs[k][0]), b = dept_index(g, neighbour_pairs[k][1]);
		if (a >= 0 && b >= 0 && g->n_nb[a] < NEIGHBOURS_MAX && g->n_nb[b] < NEIGHBOURS_MAX) {
			g->nb[a][g->n_nb[a]++] = b;
			g->nb[b][g->n_nb[b]++] = a;
		}
	}
	for (size_t k = 0; k < ARRAY_LEN(quiet_pairs); k++) {
		int a = dept_index(g, quiet_pairs[k][0]), b = dept_index(g, quiet_pairs[k][1]);
		if (a >= 0 && b >= 0)
			g->quiet[a][b] = g->quiet[b][a] = true;
	}
	g->bridge = xcalloc((size_t)g->n_people, sizeof(*g->bridge));
	g->bridges = xcalloc((size_t)g->n_people / 100 + 16, sizeof(*g->bridges));
	for (int64_t i = 1; i < g->n_people; i++)
		if (demo_pick(100) == 0 && g->n_bridges < g->n_people / 100 + 16) {
			g->bridge[i] = true;
			g->bridges[g->n_bridges++] = i;
		}
	return PLEIN_OK;
}

static int make_topics(struct gen *g)
{
	struct db_stmt *st = db_prepare(g->db, "INSERT INTO topics(name, key, created_at) VALUES (?, ?, ?)");
	if (!st)
		return PLEIN_ERROR;
	size_t n_general = ARRAY_LEN(topic_general);
	for (size_t i = 0; g->n_topics < TOPICS_WANTED && i < n_general + ARRAY_LEN(topic_depts) * ARRAY_LEN(topic_themes); i++) {
		const char *name = i < n_general ? topic_general[i]
		                 : pool_printf(g->keep, "%s%s", topic_depts[(i - n_general) % ARRAY_LEN(topic_depts)],
		                               topic_themes[(i - n_general) / ARRAY_LEN(topic_depts)]);
		char *key = g->topic_keys[g->n_topics];
		if (!markdown_topic_key(name, strlen(name), key, sizeof(g->topic_keys[0])))
			continue;
		bool dup = false;
		for (size_t k = 0; k < g->n_topics && !dup; k++)
			dup = strcmp(g->topic_keys[k], key) == 0;
		if (dup)
			continue;
		db_bind_str(st, 1, name);
		db_bind_str(st, 2, key);
		db_bind_int(st, 3, g->start - (int64_t)demo_pick(365) * DAY);
		int rc = step_done(st);
		if (rc)
			return rc;
		g->topic_ids[g->n_topics] = db_last_insert_id(g->db);
		g->topic_names[g->n_topics++] = pool_strdup(g->keep, name);
	}
	demo_zipf_table(g->topic_cum, g->n_topics);
	g->out->topics = (int64_t)g->n_topics;
	return PLEIN_OK;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* How many one follows: most 20–200 (log-uniform), some fewer, a few more. */
static size_t follow_count(void)
{
	size_t r = demo_pick(100);
	if (r < 8)
		return demo_pick(20);
	if (r >= 95)
		return 200 + demo_pick(200);
	return (size_t)lround(20.0 * pow(10.0, (double)demo_pick(1001) / 1000.0));
}

static int make_follows(struct gen *g, void (*progress)(const char *, int64_t, int64_t))
{
	struct db_stmt *st = db_prepare(g->db, "INSERT INTO follows(follower_id, followee_id, created_at) VALUES (?, ?, ?)");
	struct db_stmt *tf = db_prepare(g->db, "INSERT INTO topic_follows(person_id, topic_id, created_at) VALUES (?, ?, ?)");
	if (!st || !tf)
		return PLEIN_ERROR;
	int64_t buf[800];
	for (int64_t i = 0; i < g->n_people; i++) {
		/* the demo member is the typical colleague the benchmark signs in as */
		size_t want = i == g->member ? 100 : follow_count();
		/* in a small organisation no one follows more than a tenth of it
		 * (else every colleague of the department is followed, and the
		 * rest come from elsewhere) */
		if (i != g->member && want > (size_t)g->n_people / 10 + 5)
			want = (size_t)g->n_people / 10 + 5;
		if (want > (size_t)g->n_people - 1)
			want = (size_t)g->n_people - 1;
		size_t n = 0;
		for (size_t k = 0; k < want + want / 8 + 2 && n < ARRAY_LEN(buf); k++) {
			size_t r = demo_pick(100), j;
			int d = g->dept[i];
			/* the best-known: of the whole organisation or of one's own department */
			if (r < 12)
				j = (size_t)g->popular[demo_zipf(g->popular_cum, g->n_popular)];
			else if (r < 25)
				j = (size_t)g->dept_members[d][demo_zipf(g->dept_popular_cum,
				        g->dept_n[d] < DEPT_POPULAR ? (size_t)g->dept_n[d] : DEPT_POPULAR)];
			else
				j = colleague_draw(g, (size_t)i);
			if ((int64_t)j != i)
				buf[n++] = g->ids[j];
		}
		qsort(buf, n, sizeof(*buf), cmp_i64);
		size_t m = 0;
		for (size_t k = 0; k < n; k++)
			if (m == 0 || buf[m - 1] != buf[k])
				buf[m++] = buf[k];
		while (m > want) {  /* drop random ones, keeping the order */
			size_t k = demo_pick(m);
			memmove(&buf[k], &buf[k + 1], (m - k - 1) * sizeof(*buf));
			m--;
		}
		for (size_t k = 0; k < m; k++) {
			db_bind_int(st, 1, g->ids[i]);
			db_bind_int(st, 2, buf[k]);
			db_bind_int(st, 3, g->now - (int64_t)demo_pick((size_t)(g->now - g->created[i]) + 1));
			int rc = step_done(st);
			if (rc)
				return rc;
		}
		g->out->follows += (int64_t)m;

		/* topics: most follow a few, Zipf-like */
		size_t nt = demo_pick(4) == 0 ? 0 : 1 + demo_pick(demo_pick(3) == 0 ? 12 : 4);
		size_t tn = 0;
		int64_t tids[16];
		for (size_t k = 0; k < nt; k++)
			tids[tn++] = g->topic_ids[demo_zipf(g->topic_cum, g->n_topics)];
		qsort(tids, tn, sizeof(*tids), cmp_i64);
		for (size_t k = 0; k < tn; k++) {
			if (k && tids[k] == tids[k - 1])
				continue;
			db_bind_int(tf, 1, g->ids[i]);
			db_bind_int(tf, 2, tids[k]);
			db_bind_int(tf, 3, g->now - (int64_t)demo_pick((size_t)(g->now - g->created[i]) + 1));
			int rc = step_done(tf);
			if (rc)
				return rc;
			g->out->topic_follows++;
		}
		if (progress && i % 10000 == 0)
			progress("people's follows", i, g->n_people);
	}
	return PLEIN_OK;
}

/* "@[Name](/people/ID)", as the composer writes a mention */
static void add_mention(struct gen *g, size_t who)
{
	(void)strbuf_addf(&g->text, "@[%s](/people/%lld)", g->names[who], (long long)g->ids[who]);
}

static void add_sentence_with_mention(struct gen *g, const char *fmt, size_t who)
{
	const char *at = strstr(fmt, "%s");
	(void)strbuf_add(&g->text, fmt, (size_t)(at - fmt));
	add_mention(g, who);
	(void)strbuf_addstr(&g->text, at + 2);
}

/* A colleague of not1 at time t, other than not1 and not2 (anyone after
 * a few draws). */
static size_t other_than(const struct gen *g, int64_t t, size_t not1, size_t not2)
{
	size_t j = colleague_at(g, not1, t);
	for (int tries = 0; (j == not1 || j == not2) && tries < 16; tries++)
		j = tries < 4 ? colleague_at(g, not1, t) : (size_t)demo_pick((size_t)g->n_people);
	return j;
}

/* The text of a post of this kind; praised people into praised[]. */
static void post_text(struct gen *g, const char *kind, size_t author, int64_t t, size_t *praised, size_t *n_praised)
{
	strbuf_reset(&g->text);
	*n_praised = 0;
	if (strcmp(kind, "announcement") == 0) {
		(void)strbuf_addstr(&g->text, announcements[demo_pick(ARRAY_LEN(announcements))]);
		return;
	}
	if (strcmp(kind, "praise") == 0) {
		praised[(*n_praised)++] = other_than(g, t, author, author);
		if (demo_pick(10) < 3)
			praised[(*n_praised)++] = other_than(g, t, author, praised[0]);
		if (praised[0] == author || (*n_praised == 2 && (praised[1] == author || praised[1] == praised[0])))
			*n_praised = 1, praised[0] = author == 0 ? 1 : 0;  /* tiny organisations */
		(void)strbuf_addstr(&g->text, demo_pick(2) ? "Thank you " : "Big thanks to ");
		add_mention(g, praised[0]);
		if (*n_praised == 2) {
			(void)strbuf_addstr(&g->text, " and ");
			add_mention(g, praised[1]);
		}
		(void)strbuf_addch(&g->text, ' ');
		(void)strbuf_addstr(&g->text, praise_reasons[demo_pick(ARRAY_LEN(praise_reasons))]);
	} else {
		size_t a = demo_pick(ARRAY_LEN(update_sentences));
		(void)strbuf_addstr(&g->text, update_sentences[a]);
		if (demo_pick(100) < 35) {
			size_t b = demo_pick(ARRAY_LEN(update_sentences));
			if (b != a) {
				(void)strbuf_addch(&g->text, ' ');
				(void)strbuf_addstr(&g->text, update_sentences[b]);
			}
		}
		if (demo_pick(100) < 10) {
			(void)strbuf_addch(&g->text, ' ');
			add_sentence_with_mention(g, mention_sentences[demo_pick(ARRAY_LEN(mention_sentences))],
			                          other_than(g, t, author, author));
		}
	}
	if (demo_pick(100) < 35) {
		size_t k = 1 + (demo_pick(4) == 0) + (demo_pick(8) == 0);
		for (size_t i = 0; i < k; i++)
			(void)strbuf_addf(&g->text, " #%s", g->topic_names[demo_zipf(g->topic_cum, g->n_topics)]);
	}
}

static int64_t topic_id_of(const struct gen *g, const char *name)
{
	char key[MARKDOWN_TOPIC_MAX * 2 + 1];
	if (!markdown_topic_key(name, strlen(name), key, sizeof(key)))
		return 0;
	for (size_t i = 0; i < g->n_topics; i++)
		if (strcmp(g->topic_keys[i], key) == 0)
			return g->topic_ids[i];
	return 0;
}

static int add_mentions(struct gen *g, int64_t post_id, int64_t comment_id, const struct markdown_refs *refs)
{
	for (size_t i = 0; i < refs->n_mentions; i++) {
		db_bind_int(g->st_mention, 1, post_id);
		db_bind_int(g->st_mention, 2, comment_id);
		db_bind_int(g->st_mention, 3, refs->mentions[i]);
		int rc = step_done(g->st_mention);
		if (rc)
			return rc;
		g->out->mentions++;
	}
	return PLEIN_OK;
}

/* How many reactions a post gets: half none, most a few, now and then many. */
static size_t reaction_count(void)
{
	if (demo_pick(2) == 0)
		return 0;
	if (demo_pick(200) == 0)
		return 10 + demo_pick(REACTIONS_MAX - 10);
	size_t n = 1;
	while (n < 12 && demo_pick(100) < 40)
		n++;
	return n;
}

static size_t comment_count(void)
{
	if (demo_pick(100) < 60)
		return 0;
	size_t n = 1;
	while (n < COMMENTS_MAX && demo_pick(100) < 45)
		n++;
	return n;
}

static int make_comments(struct gen *g, int64_t post_id, size_t author, int64_t t, size_t n, int64_t *next_id)
{
	int64_t top[COMMENTS_MAX];
	size_t n_top = 0;
	for (size_t j = 0; j < n; j++) {
		t = clamp_now(g, t + 60 + (int64_t)demo_pick(4 * 3600));
		size_t who = j > 0 && demo_pick(4) == 0 ? author : colleague_at(g, author, t);
		int64_t parent = j > 0 && n_top && demo_pick(4) == 0 ? top[demo_pick(n_top)] : 0;
		strbuf_reset(&g->text);
		if (who != author && demo_pick(20) == 0) {
			add_mention(g, author);
			(void)strbuf_addch(&g->text, ' ');
		}
		(void)strbuf_addstr(&g->text, comment_sentences[demo_pick(ARRAY_LEN(comment_sentences))]);
		struct markdown_refs refs;
		const char *html = markdown_to_html_refs(g->pl, g->text.buf, g->text.len, &refs);
		if (!html)
			return PLEIN_ERROR;
		int64_t id = (*next_id)++;
		struct db_stmt *st = g->st_comment;
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, post_id);
		if (parent)
			db_bind_int(st, 3, parent);
		else
			db_bind_null(st, 3);
		db_bind_int(st, 4, g->ids[who]);
		db_bind_text(st, 5, g->text.buf, g->text.len);
		db_bind_str(st, 6, html);
		db_bind_int(st, 7, t);
		int rc = step_done(st);
		if (rc == PLEIN_OK)
			rc = add_mentions(g, post_id, id, &refs);
		if (rc)
			return rc;
		if (!parent)
			top[n_top++] = id;
	}
	g->out->comments += (int64_t)n;
	return PLEIN_OK;
}

/* Reactions as (kind index << 40 | person index), distinct and sorted;
 * the cache string from the same rows, in the fixed kind order. */
static size_t draw_reactions(struct gen *g, size_t author, int64_t t, int64_t *r, struct strbuf *cache)
{
	size_t want = reaction_count(), n = 0;
	for (size_t k = 0; k < want; k++) {
		int x = (int)demo_pick(100), kind = 0;
		while (kind < REACTION_KINDS - 1 && x >= reaction_weight[kind])
			x -= reaction_weight[kind++];
		r[n++] = (int64_t)kind << 40 | (int64_t)colleague_at(g, author, t);
	}
	qsort(r, n, sizeof(*r), cmp_i64);
	size_t m = 0;
	for (size_t k = 0; k < n; k++)
		if (m == 0 || r[m - 1] != r[k])
			r[m++] = r[k];
	strbuf_reset(cache);
	for (size_t k = 0, i = 0; i < REACTION_KINDS; i++) {
		size_t c = 0;
		while (k < m && (r[k] >> 40) == (int64_t)i)
			c++, k++;
		if (c)
			(void)strbuf_addf(cache, "%s%s:%zu", cache->len ? "," : "", reaction_kinds[i].key, c);
	}
	return m;
}

static int make_post(struct gen *g, int64_t id, int64_t t, const char *kind, bool last_announcement,
                     int64_t *next_comment)
{
	size_t author, praised[2], n_praised;
	if (strcmp(kind, "announcement") == 0) {
		author = 0;
	} else {
		author = 0;
		for (int tries = 0; tries < 8; tries++) {
			double x = (double)(demo_rnd() >> 11) / 9007199254740992.0 * g->author_cum[g->n_people - 1];
			size_t lo = 0, hi = (size_t)g->n_people - 1;
			while (lo < hi) {
				size_t mid = (lo + hi) / 2;
				if (g->author_cum[mid] < x)
					lo = mid + 1;
				else
					hi = mid;
			}
			if (g->created[lo] <= t) {
				author = lo;
				break;
			}
		}
	}
	post_text(g, kind, author, t, praised, &n_praised);
	struct markdown_refs refs;
	const char *html = markdown_to_html_refs(g->pl, g->text.buf, g->text.len, &refs);
	if (!html)
		return PLEIN_ERROR;
	const char *body = pool_strndup(g->pl, g->text.buf, g->text.len);
	size_t n_comments = comment_count();
	int64_t r[REACTIONS_MAX];
	struct strbuf cache = STRBUF_INIT;
	size_t n_reactions = draw_reactions(g, author, t, r, &cache);
	const char *badge = NULL;
	if (n_praised) {
		size_t nb;
		const char *const *badges = posts_badges(&nb);
		badge = badges[demo_pick(nb)];
	}

	struct db_stmt *st = g->st_post;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, g->ids[author]);
	db_bind_str(st, 3, kind);
	db_bind_str(st, 4, demo_pick(100) < 3 && !n_praised ? "public" : "organisation");
	db_bind_str(st, 5, body);
	db_bind_str(st, 6, html);
	db_bind_str(st, 7, badge);
	if (strcmp(kind, "announcement") == 0)
		db_bind_int(st, 8, last_announcement ? g->now + 14 * DAY : t + 14 * DAY);
	else
		db_bind_null(st, 8);
	db_bind_int(st, 9, t);
	db_bind_int(st, 10, (int64_t)n_comments);
	db_bind_str(st, 11, cache.buf ? cache.buf : "");
	int rc = step_done(st);
	strbuf_release(&cache);
	for (size_t i = 0; rc == PLEIN_OK && i < refs.n_topics; i++) {
		int64_t topic = topic_id_of(g, refs.topics[i]);
		if (!topic)
			continue;  /* the texts use only the topics made above */
		db_bind_int(g->st_topic, 1, topic);
		db_bind_int(g->st_topic, 2, id);
		rc = step_done(g->st_topic);
	}
	if (rc == PLEIN_OK)
		rc = add_mentions(g, id, 0, &refs);
	for (size_t i = 0; rc == PLEIN_OK && i < n_praised; i++) {
		db_bind_int(g->st_praise, 1, id);
		db_bind_int(g->st_praise, 2, g->ids[praised[i]]);
		db_bind_int(g->st_praise, 3, t);
		rc = step_done(g->st_praise);
		g->out->praise++;
	}
	if (rc == PLEIN_OK)
		rc = make_comments(g, id, author, t, n_comments, next_comment);
	for (size_t i = 0; rc == PLEIN_OK && i < n_reactions; i++) {
		db_bind_int(g->st_reaction, 1, id);
		db_bind_str(g->st_reaction, 2, reaction_kinds[r[i] >> 40].key);
		db_bind_int(g->st_reaction, 3, g->ids[r[i] & ((INT64_C(1) << 40) - 1)]);
		db_bind_int(g->st_reaction, 4, clamp_now(g, t + (int64_t)demo_pick(2 * DAY)));
		rc = step_done(g->st_reaction);
	}
	g->out->reactions += (int64_t)n_reactions;
	g->out->posts++;
	return rc;
}

static int make_posts(struct gen *g, int64_t n_posts, void (*progress)(const char *, int64_t, int64_t))
{
	int64_t post_id, comment_id;
	if (db_query_int(g->db, &post_id, "SELECT coalesce(max(id), 0) + 1 FROM posts", NULL) ||
	    db_query_int(g->db, &comment_id, "SELECT coalesce(max(id), 0) + 1 FROM comments", NULL))
		return PLEIN_ERROR;
	g->st_post = db_prepare(g->db,
		"INSERT INTO posts(id, author_id, kind, visibility, body, body_html, badge, expires_at, created_at, "
		"comment_count, reactions) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	g->st_topic = db_prepare(g->db, "INSERT OR IGNORE INTO post_topics(topic_id, post_id) VALUES (?, ?)");
	g->st_comment = db_prepare(g->db,
		"INSERT INTO comments(id, post_id, parent_id, author_id, body, body_html, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
	g->st_mention = db_prepare(g->db, "INSERT OR IGNORE INTO mentions(post_id, comment_id, person_id) VALUES (?, ?, ?)");
	g->st_reaction = db_prepare(g->db, "INSERT INTO reactions(post_id, kind, person_id, created_at) VALUES (?, ?, ?, ?)");
	g->st_praise = db_prepare(g->db, "INSERT INTO praise(post_id, person_id, created_at) VALUES (?, ?, ?)");
	if (!g->st_post || !g->st_topic || !g->st_comment || !g->st_mention || !g->st_reaction || !g->st_praise)
		return PLEIN_ERROR;
	/* a few announcements: about one in 20,000 posts, at least one in 500 */
	int64_t ann_every = n_posts / 250 > 500 ? n_posts / 250 : 500;
	for (int64_t i = 0; i < n_posts; i++) {
		/* evenly over two years, so ids ascend with created_at */
		int64_t t = g->start + (int64_t)((__int128)i * SPAN / n_posts);
		bool ann = i % ann_every == ann_every / 2;
		const char *kind = ann ? "announcement" : demo_pick(100) < 4 ? "praise" : "update";
		g->pl = pool_new();
		int rc = make_post(g, post_id + i, t, kind, ann && i + ann_every >= n_posts, &comment_id);
		pool_free(g->pl);
		g->pl = NULL;
		if (rc)
			return rc;
		if (progress && i % 100000 == 0)
			progress("posts", i, n_posts);
	}
	return PLEIN_OK;
}

int demo_conversations(struct db *db, int64_t n_posts, uint64_t seed, struct demo_posts_result *out,
                       void (*progress)(const char *what, int64_t done, int64_t total))
{
	struct gen g = { .db = db, .keep = pool_new(), .text = STRBUF_INIT, .out = out };
	struct demo_indexes ix = { 0 };
	int rc = PLEIN_ERROR;
	memset(out, 0, sizeof(*out));
	if (n_posts < 0)
		return PLEIN_INVALID;
	demo_seed(seed ^ 0x706f737473ull);  /* "posts": not the people's sequence */
	g.now = (int64_t)time(NULL);
	g.start = g.now - SPAN;
	if (load_people(&g))
		goto out;
	if (db_begin(db))
		goto out;
	/* secondary indexes: built once at the end (a sort) instead of row by
	 * row (demo_indexes_drop) */
	if (demo_indexes_drop(db, g.keep, "tbl_name IN (" CONVERSATION_TABLES ")", &ix))
		goto out;
	if (make_topics(&g) || make_follows(&g, progress) || make_posts(&g, n_posts, progress))
		goto out;
	if (progress)
		progress("indexes", 0, (int64_t)ix.n);
	if (demo_indexes_create(db, &ix))
		goto out;
	rc = db_commit(db);
out:
	if (rc)
		db_rollback(db);
	for (int k = 0; k < g.n_depts; k++)
		free(g.dept_members[k]);
	free(g.dept_members);
	free(g.dept_n);
	free(g.ids);
	free(g.created);
	free(g.dept);
	free(g.names);
	free(g.manager);
	free(g.kid_at);
	free(g.kids);
	free(g.bridge);
	free(g.bridges);
	free(g.author_cum);
	free(g.popular);
	strbuf_release(&g.text);
	pool_free(g.keep);
	return rc;
}

int demo_indexes_drop(struct db *db, struct pool *p, const char *where, struct demo_indexes *out)
{
	memset(out, 0, sizeof(*out));
	struct db_stmt *st = db_prepare(db, pool_printf(p, "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
	                                                   "AND sql IS NOT NULL AND (%s) ORDER BY name", where));
	if (!st)
		return PLEIN_ERROR;
	size_t cap = 0;
	int step;
	while ((step = db_step(st)) == DB_ROW) {
		if (out->n == cap) {
			cap = cap ? 2 * cap : 16;
			const char **name = pool_alloc(p, cap * sizeof(*name)), **sql = pool_alloc(p, cap * sizeof(*sql));
			if (out->n) {
				memcpy(name, out->name, out->n * sizeof(*name));
				memcpy(sql, out->sql, out->n * sizeof(*sql));
			}
			out->name = name;
			out->sql = sql;
		}
		out->name[out->n] = pool_strdup(p, db_col_text(st, 0));
		out->sql[out->n] = pool_strdup(p, db_col_text(st, 1));
		out->n++;
	}
	db_done(st);
	if (step != DB_DONE)
		return PLEIN_ERROR;
	for (size_t i = 0; i < out->n; i++)
		if (db_exec(db, pool_printf(p, "DROP INDEX \"%s\"", out->name[i]), NULL))
			return PLEIN_ERROR;
	return PLEIN_OK;
}

int demo_indexes_create(struct db *db, const struct demo_indexes *ix)
{
	for (size_t i = 0; i < ix->n; i++)
		if (db_exec(db, ix->sql[i], NULL))
			return PLEIN_ERROR;
	return PLEIN_OK;
}

int demo_bulk_begin(struct db *db)
{
	/* nothing here is needed again if the load fails: the demo is made
	 * into an empty data directory, to be thrown away then */
	if (db_exec(db, "PRAGMA foreign_keys=OFF", NULL) || db_exec(db, "PRAGMA synchronous=OFF", NULL) ||
	    db_exec(db, "PRAGMA cache_size=-262144", NULL) || db_exec(db, "PRAGMA journal_mode=MEMORY", NULL))
		return PLEIN_ERROR;
	return PLEIN_OK;
}

int demo_bulk_end(struct db *db)
{
	if (db_exec(db, "PRAGMA journal_mode=WAL", NULL) || db_exec(db, "PRAGMA synchronous=FULL", NULL) ||
	    db_exec(db, "PRAGMA foreign_keys=ON", NULL) || db_exec(db, "PRAGMA cache_size=-2000", NULL))
		return PLEIN_ERROR;
	/* planner statistics for the streams' and the directory's queries */
	return db_exec(db, "ANALYZE", NULL);
}
