/* demo_groups.c — the groups of the demo organisation (see demo.h): open,
 * closed and secret groups with plausible names, categories and about
 * texts; Zipf-like memberships (a few huge groups, most small) with an
 * owner and moderators; pending requests and invitations; guests in the
 * partner groups and alumni; a share of the demo's posts moved into the
 * groups of their authors; pinned posts. Loaded in bulk like demo_posts.c:
 * one transaction, memberships in key order, the group tables' secondary
 * indexes (and posts_group) dropped for the load and re-created. */
#include "core/demo.h"
#include "core/demo_rng.h"
#include "core/groups.h"
#include "core/markdown.h"
#include "core/password.h"
#include "core/people.h"
#include "core/secret.h"
#include "lib/strbuf.h"
#include <time.h>

#define DAY 86400
#define PER_PERSON_MAX 24    /* groups one person is in, at most */
#define POST_SHARE 25        /* % of the updates of people in groups placed in one of them */
/* The tables this file fills: their secondary indexes are rebuilt. */
#define GROUP_INDEX_WHERE "(tbl_name IN ('group_members', 'group_requests', 'group_pins') OR name = 'posts_group')"

enum gtype { T_BROAD, T_TEAM, T_PROJECT, T_PRACTICE, T_CLUB, T_SOCIAL, T_PARTNER, T_SECRET, T_ALUMNI };

/* The biggest groups: broad, open, made first (so the Zipf draw fills them). */
static const struct { const char *name, *category; } broad[] = {
	{ "Coffee corner", "Community" }, { "New colleagues", "Community" }, { "Hybrid working", "Community" },
	{ "Sustainability network", "Community" }, { "Tips and tricks", "Learning" }, { "Running club", "Sports" },
	{ "Cycling to work", "Sports" }, { "Photography club", "Hobbies" }, { "Book club", "Hobbies" },
	{ "Data and analytics community", "Communities of practice" }, { "Agile community", "Communities of practice" },
	{ "Parents at work", "Wellbeing" }, { "Utrecht office", "Offices" }, { "Amsterdam office", "Offices" },
	{ "Rotterdam office", "Offices" }, { "Music makers", "Music and culture" }, { "Volunteers", "Volunteering" },
	{ "Mental health matters", "Wellbeing" },
};
static const char *teams[] = {
	"Reporting", "Planning", "Support", "Quality", "Strategy", "Innovation", "Data", "Policy", "Operations",
	"Onboarding", "Management team", "Projects", "Tooling", "Region North", "Region South", "Region East",
	"Region West", "Back office", "Front office", "Knowledge base",
};
static const char *cities[] = {
	"Utrecht", "Amsterdam", "Rotterdam", "Den Haag", "Eindhoven", "Groningen", "Zwolle", "Maastricht", "Remote",
};
static const char *codenames[] = {
	"Apollo", "Beacon", "Cobalt", "Delta", "Ember", "Falcon", "Granite", "Harbour", "Iris", "Juniper", "Kestrel",
	"Lumen", "Meridian", "Nova", "Orion", "Pioneer", "Quartz", "Raven", "Summit", "Tundra", "Umbra", "Vega",
	"Willow", "Xenon", "Yarrow", "Zephyr", "Atlas", "Borealis", "Cascade", "Dune", "Echo", "Fjord", "Glacier",
	"Helix", "Indigo", "Jade", "Koi", "Lotus", "Mistral", "Nimbus", "Onyx", "Polaris", "Quasar", "Redwood",
	"Sequoia", "Tidal", "Unity", "Voyager", "Wavelength", "Zenith",
};
static const char *project_things[] = {
	"website relaunch", "CRM rollout", "ERP migration", "office move", "data platform", "customer portal",
	"tender", "brand refresh", "annual report", "new intranet", "mobile app", "cloud migration",
	"process redesign", "pricing review", "hiring drive", "training programme", "supplier review",
	"energy savings", "new payroll", "service desk renewal", "archive digitisation", "privacy audit",
	"security upgrade", "onboarding redesign", "customer survey", "partner programme", "product launch",
	"warehouse automation", "chatbot pilot", "hybrid work pilot",
};
static const char *subjects[] = {
	"Excel", "Python", "SQL", "Project management", "Agile", "Scrum", "Lean", "UX research", "Accessibility",
	"Privacy", "Security", "Data visualisation", "Machine learning", "Copywriting", "Public speaking",
	"Negotiation", "Procurement", "Sustainability", "Facilitation", "Coaching", "Change management",
	"Design thinking", "Power BI", "Customer experience", "Knowledge management", "Legal tech", "Automation",
	"Testing", "Architecture", "API design", "Cloud", "Recruitment", "Grant writing", "Translation",
	"Plain language", "Statistics", "Process mining", "Risk management", "Compliance", "Mentoring",
};
/* %s: the subject; the second field: its category */
static const struct { const char *form, *category; } practice_forms[] = {
	{ "%s community", "Communities of practice" }, { "%s guild", "Communities of practice" },
	{ "%s practitioners", "Communities of practice" }, { "%s network", "Communities of practice" },
	{ "Friends of %s", "Communities of practice" }, { "%s champions", "Communities of practice" },
	{ "%s learning circle", "Learning" }, { "%s study group", "Learning" }, { "%s clinic", "Learning" },
	{ "%s lunch sessions", "Learning" },
};
static const struct { const char *name, *category; } hobbies[] = {
	{ "Running", "Sports" }, { "Cycling", "Sports" }, { "Football", "Sports" }, { "Hockey", "Sports" },
	{ "Tennis", "Sports" }, { "Padel", "Sports" }, { "Climbing", "Sports" }, { "Hiking", "Sports" },
	{ "Sailing", "Sports" }, { "Swimming", "Sports" }, { "Yoga", "Sports" }, { "Volleyball", "Sports" },
	{ "Chess", "Hobbies" }, { "Board games", "Hobbies" }, { "Photography", "Hobbies" }, { "Cooking", "Hobbies" },
	{ "Baking", "Hobbies" }, { "Gardening", "Hobbies" }, { "Knitting", "Hobbies" }, { "Gaming", "Hobbies" },
	{ "Wine tasting", "Hobbies" }, { "Birdwatching", "Hobbies" }, { "Dog walking", "Hobbies" },
	{ "Coffee tasting", "Hobbies" }, { "Woodworking", "Hobbies" }, { "Astronomy", "Hobbies" },
	{ "Choir", "Music and culture" }, { "Jazz", "Music and culture" }, { "Guitar", "Music and culture" },
	{ "Film", "Music and culture" }, { "Theatre", "Music and culture" }, { "Drawing", "Music and culture" },
	{ "Poetry", "Music and culture" }, { "Museum visits", "Music and culture" },
};
static const char *club_forms[] = { "%s club", "%s buddies", "%s meetup", "Lunchtime %s", "After-work %s" };
static const struct { const char *name, *category; } social[] = {
	{ "Mindfulness", "Wellbeing" }, { "Healthy lunch", "Wellbeing" }, { "Sleep better", "Wellbeing" },
	{ "Caregivers network", "Wellbeing" }, { "Stop smoking together", "Wellbeing" },
	{ "Food bank volunteers", "Volunteering" }, { "Charity run team", "Volunteering" },
	{ "Tree planting", "Volunteering" }, { "Homework help", "Volunteering" }, { "Beach clean-up", "Volunteering" },
	{ "Dutch for newcomers", "Learning" }, { "English conversation", "Learning" },
	{ "Leadership programme", "Learning" }, { "Young professionals", "Community" },
	{ "Women in tech", "Community" }, { "Pride network", "Community" }, { "Expats", "Community" },
	{ "Interns", "Community" }, { "Carpool", "Offices" }, { "Lunch walks", "Offices" },
};
static const char *clients[] = {
	"Northwind", "Contoso", "Fabrikam", "Tailspin Toys", "Wingtip", "Adatum", "Litware", "Proseware",
	"Woodgrove Bank", "Lucerne Publishing", "Alpine Ski House", "Coho Winery", "Fourth Coffee",
	"Humongous Insurance", "Margie's Travel", "Trey Research", "Wide World Importers", "Blue Yonder Airlines",
	"City Power and Light", "Southridge Video", "VanArsdel", "Relecloud", "Munson's Pickles", "Lamna Healthcare",
	"Bellows College", "Best For You Organics", "Consolidated Messenger", "First Up Consultants",
};
static const char *partner_forms[] = {
	"%s account team", "%s partner network", "%s implementation", "%s steering group", "%s project room",
};
static const char *secret_forms[] = {
	"Confidential: %s %s", "%s acquisition", "Reorganisation %s", "%s management team", "Succession planning %s",
	"Salary review %s", "Board", "Works council", "Integrity committee", "Crisis team",
};
static const char *request_messages[] = {
	"", "", "I work on this too, may I join?", "A colleague told me about this group.",
	"I would like to follow what you are doing.", "",
};

struct dgroup {
	const char *name, *key, *kind, *category, *about;
	enum gtype type;
	int dept;                   /* T_TEAM: index into the departments */
	int64_t id, created_at, owner, members;  /* owner: person index, -1 none yet */
	int64_t pins[2];            /* the newest posts placed here, newest first (pinned later) */
};

/* One person's groups (index into groups) and when they joined each. */
struct pgroups {
	uint32_t g[PER_PERSON_MAX];
	int64_t joined[PER_PERSON_MAX];
	uint8_t n;
};

struct edge { uint32_t group, person; uint8_t slot; char role; };

struct move { int64_t post, t; uint32_t group; };

struct gen {
	struct db *db;
	struct pool *keep;
	int64_t now;
	/* people: employees first (ids ascending), then the guests and alumni made here */
	int64_t n_people, n_staff, cap;
	int64_t *ids, *created;
	int *dept;
	char *kind;                 /* 'b' may browse, 'g' guest, 'a' alumni, 'x' not active */
	struct pgroups *pg;
	int64_t member;             /* the demo member (index), -1 if absent */
	const char *dept_names[32];
	int64_t dept_n[32];
	int n_depts;
	/* groups: index 0 is the alumni group (migration 0008) */
	struct dgroup *gs;
	size_t n_groups;
	uint32_t *global;           /* groups drawn from everywhere (not teams, not alumni), by popularity */
	double *global_cum;
	size_t n_global;
	uint32_t **dept_teams;
	size_t *dept_teams_n;
	uint32_t *partners;
	size_t n_partners;
	/* name keys taken (open addressing) */
	const char **keys;
	size_t keys_cap;
	struct demo_groups_result *out;
};

static int step_done(struct db_stmt *st)
{
	int rc = db_step(st);
	db_done(st);
	return rc == DB_DONE ? PLEIN_OK : rc < 0 ? rc : PLEIN_ERROR;
}

#define PICK(list) (list)[demo_pick(ARRAY_LEN(list))]

static uint64_t hash_str(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
	return h;
}

/* Take key; false when it is taken already. */
static bool key_take(struct gen *g, const char *key)
{
	size_t mask = g->keys_cap - 1, i = (size_t)hash_str(key) & mask;
	for (; g->keys[i]; i = (i + 1) & mask)
		if (strcmp(g->keys[i], key) == 0)
			return false;
	g->keys[i] = key;
	return true;
}

/* form with each "%s" replaced by the next of args (the lists hold the
 * forms, so they are not printf formats) */
static void add_form(struct strbuf *sb, const char *form, const char *a, const char *b)
{
	const char *args[2] = { a, b };
	size_t used = 0;
	for (const char *at; (at = strstr(form, "%s")) && used < 2; form = at + 2) {
		(void)strbuf_add(sb, form, (size_t)(at - form));
		(void)strbuf_addstr(sb, args[used++]);
	}
	(void)strbuf_addstr(sb, form);
}

static bool is_browser(const struct gen *g, int64_t i) { return g->kind[i] == 'b'; }

static int64_t person_add(struct gen *g, int64_t id, int64_t created, int dept, char kind)
{
	if (g->n_people == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 1024;
		g->ids = xrealloc(g->ids, st_mult((size_t)g->cap, sizeof(*g->ids)));
		g->created = xrealloc(g->created, st_mult((size_t)g->cap, sizeof(*g->created)));
		g->dept = xrealloc(g->dept, st_mult((size_t)g->cap, sizeof(*g->dept)));
		g->kind = xrealloc(g->kind, (size_t)g->cap);
	}
	int64_t i = g->n_people++;
	g->ids[i] = id;
	g->created[i] = created;
	g->dept[i] = dept;
	g->kind[i] = kind;
	return i;
}

static int load_people(struct gen *g)
{
	struct db_stmt *st = db_prepare(g->db, "SELECT id, created_at, department, role, status, email FROM people ORDER BY id");
	if (!st)
		return PLEIN_ERROR;
	int rc;
	g->member = -1;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *d = db_col_text(st, 2), *role = db_col_text(st, 3);
		int k;
		for (k = 0; k < g->n_depts && strcmp(g->dept_names[k], d) != 0; k++)
			;
		if (k == g->n_depts && k < (int)ARRAY_LEN(g->dept_names))
			g->dept_names[g->n_depts++] = pool_strdup(g->keep, d);
		if (k >= (int)ARRAY_LEN(g->dept_names))
			k = 0;
		char kind = strcmp(db_col_text(st, 4), "active") != 0 ? 'x'
		          : strcmp(role, "guest") == 0 ? 'g' : strcmp(role, "alumni") == 0 ? 'a' : 'b';
		int64_t i = person_add(g, db_col_int(st, 0), db_col_int(st, 1), k, kind);
		g->dept_n[k]++;
		if (strcmp(db_col_text(st, 5), "member@example.com") == 0)
			g->member = i;
	}
	db_done(st);
	g->n_staff = g->n_people;
	return rc == DB_DONE && g->n_people >= 2 ? PLEIN_OK : PLEIN_ERROR;
}

/* Guests (people of client companies, in the partner groups) and alumni
 * (former colleagues: the alumni group without a row), one of each with a
 * password to try them. */
static int make_outsiders(struct gen *g, int64_t n_guests, int64_t n_alumni)
{
	static const char *first[] = { "Alex", "Robin", "Sam", "Kim", "Charlie", "Jamie", "Noah", "Lina", "Marit", "Tess",
	                               "Bas", "Ayla", "Omar", "Hanna", "Victor", "Elif", "Jonas", "Nina" };
	static const char *last[] = { "Jansen", "Peters", "Carter", "Lindqvist", "Moreau", "Kaya", "Novak", "Haddad",
	                              "Okafor", "Schmidt", "Rossi", "Brandt", "Visser", "Mendes" };
	char guest_hash[PASSWORD_HASH_MAX], alumni_hash[PASSWORD_HASH_MAX];
	struct demo_groups_result *o = g->out;
	snprintf(o->guest_email, sizeof(o->guest_email), "guest@example.com");
	snprintf(o->alumni_email, sizeof(o->alumni_email), "alumni@example.com");
	random_token(12, o->guest_password, sizeof(o->guest_password));
	random_token(12, o->alumni_password, sizeof(o->alumni_password));
	if (password_hash(o->guest_password, guest_hash) || password_hash(o->alumni_password, alumni_hash))
		return PLEIN_ERROR;
	struct strbuf name = STRBUF_INIT, email = STRBUF_INIT, title = STRBUF_INIT;
	int rc = PLEIN_OK;
	for (int64_t i = 0; rc == PLEIN_OK && i < n_guests + n_alumni; i++) {
		bool guest = i < n_guests;
		const char *f = PICK(first), *l = PICK(last), *client = PICK(clients);
		strbuf_reset(&name);
		strbuf_reset(&email);
		strbuf_reset(&title);
		(void)strbuf_addf(&name, "%s %s", f, l);
		if (i == 0 || i == n_guests)
			(void)strbuf_addstr(&email, guest ? o->guest_email : o->alumni_email);
		else
			(void)strbuf_addf(&email, "%s.%s%lld@%s.example", f, guest ? "guest" : "alumni", (long long)i,
			                  guest ? "partner" : "former");
		int d = (int)demo_pick((size_t)g->n_depts);
		if (guest)
			(void)strbuf_addf(&title, "Consultant at %s", client);
		else
			(void)strbuf_addf(&title, "Former colleague (%s)", g->dept_names[d]);
		int64_t created = g->now - (int64_t)demo_pick(2 * 365) * DAY - DAY, id;
		struct person p = { .email = email.buf, .name = name.buf, .title = title.buf,
		                    .department = guest ? client : "", .role = guest ? "guest" : "alumni",
		                    .bio = guest ? "External: I work with you on our shared project." : "",
		                    .created_at = created };
		bool first_of_kind = i == 0 || i == n_guests;
		rc = people_create_full(g->db, &p, !first_of_kind ? NULL : guest ? guest_hash : alumni_hash, &id);
		if (rc == PLEIN_OK)
			person_add(g, id, created, d, guest ? 'g' : 'a');
	}
	o->guests = n_guests;
	o->alumni = n_alumni;
	strbuf_release(&name);
	strbuf_release(&email);
	strbuf_release(&title);
	return rc;
}

/* A name for a group of this type, its category and a Markdown about text. */
static void group_describe(struct gen *g, struct dgroup *gr, struct strbuf *name, struct strbuf *about)
{
	strbuf_reset(name);
	strbuf_reset(about);
	switch (gr->type) {
	case T_TEAM: {
		const char *team = PICK(teams), *dept = g->dept_names[gr->dept];
		(void)strbuf_addf(name, "%s · %s", dept, team);
		if (demo_pick(2))
			(void)strbuf_addf(name, " %s", PICK(cities));
		gr->category = "Departments";
		(void)strbuf_addf(about, "The team space of **%s** (%s): plans, questions and news of the team.\n\n"
		                  "Colleagues from other departments are welcome to read along.", team, dept);
		break;
	}
	case T_PROJECT: {
		const char *code = PICK(codenames), *thing = PICK(project_things);
		(void)strbuf_addf(name, "%s: %s", code, thing);
		if (demo_pick(10) < 3)
			(void)strbuf_addf(name, " %d", 2024 + (int)demo_pick(3));
		gr->category = "Projects";
		(void)strbuf_addf(about, "Project **%s**: the %s. Planning, decisions and meeting notes live here.\n\n"
		                  "Questions about the project? Ask them in the group.", code, thing);
		break;
	}
	case T_PRACTICE: {
		size_t f = demo_pick(ARRAY_LEN(practice_forms));
		const char *subject = PICK(subjects);
		add_form(name, practice_forms[f].form, subject, NULL);
		if (demo_pick(10) < 4)
			(void)strbuf_addf(name, " %s", PICK(cities));
		gr->category = practice_forms[f].category;
		(void)strbuf_addf(about, "For everyone who works with %s: share tips, ask questions and learn from "
		                  "each other.\n\n- monthly lunch sessions\n- a shared reading list\n- help when you "
		                  "are stuck", subject);
		break;
	}
	case T_CLUB: {
		size_t h = demo_pick(ARRAY_LEN(hobbies));
		add_form(name, PICK(club_forms), hobbies[h].name, NULL);
		if (demo_pick(10) < 5)
			(void)strbuf_addf(name, " %s", PICK(cities));
		gr->category = hobbies[h].category;
		(void)strbuf_addf(about, "For colleagues who enjoy %s. We meet now and then after work; everyone is "
		                  "welcome, *beginners too*.", hobbies[h].name);
		break;
	}
	case T_SOCIAL: {
		size_t s = demo_pick(ARRAY_LEN(social));
		(void)strbuf_addstr(name, social[s].name);
		if (demo_pick(10) < 7)
			(void)strbuf_addf(name, " %s", PICK(cities));
		gr->category = social[s].category;
		(void)strbuf_addf(about, "%s: open to everyone in the organisation. Share what you know and meet "
		                  "colleagues you would not meet otherwise.", social[s].name);
		break;
	}
	case T_PARTNER: {
		const char *client = PICK(clients);
		add_form(name, PICK(partner_forms), client, NULL);
		if (demo_pick(10) < 3)
			(void)strbuf_addf(name, " %d", 2024 + (int)demo_pick(3));
		gr->category = "Customers and partners";
		(void)strbuf_addf(about, "Working together with **%s**: this group is shared with our contacts there "
		                  "(guests).\n\nKeep internal matters out of it.", client);
		break;
	}
	case T_SECRET: {
		size_t f = demo_pick(ARRAY_LEN(secret_forms));
		const char *code = PICK(codenames), *thing = PICK(project_things);
		if (f == 0 || f == 1)
			add_form(name, secret_forms[f], code, thing);
		else if (f <= 4)
			add_form(name, secret_forms[f], g->dept_names[demo_pick((size_t)g->n_depts)], NULL);
		else if (f == 5)
			add_form(name, secret_forms[f], pool_printf(g->keep, "%d", 2024 + (int)demo_pick(3)), NULL);
		else
			(void)strbuf_addstr(name, secret_forms[f]);
		gr->category = "Management";
		(void)strbuf_addstr(about, "Confidential. Only invited members see this group and what is shared in it.");
		break;
	}
	case T_BROAD:
	case T_ALUMNI:
		break;  /* fixed names */
	}
}

static const char *kind_of(enum gtype t)
{
	size_t r = demo_pick(100);
	switch (t) {
	case T_TEAM: return r < 60 ? "open" : "closed";
	case T_PROJECT: return r < 65 ? "open" : r < 95 ? "closed" : "secret";
	case T_PRACTICE: return r < 95 ? "open" : "closed";
	case T_SOCIAL: return r < 90 ? "open" : "closed";
	case T_PARTNER: case T_ALUMNI: return "closed";
	case T_SECRET: return "secret";
	default: return "open";
	}
}

/* The groups themselves (in memory): types, kinds, names. */
static int plan_groups(struct gen *g, int64_t n_groups)
{
	g->n_groups = (size_t)n_groups + 1;
	g->gs = xcalloc(g->n_groups, sizeof(*g->gs));
	g->keys_cap = 64;
	while (g->keys_cap < 2 * g->n_groups + 16)
		g->keys_cap *= 2;
	g->keys = xcalloc(g->keys_cap, sizeof(*g->keys));
	/* the alumni group, made by the migration */
	int64_t alumni_id;
	if (db_query_int(g->db, &alumni_id, "SELECT id FROM groups WHERE special = 'alumni'", NULL))
		return PLEIN_ERROR;
	g->gs[0] = (struct dgroup){ .id = alumni_id, .name = "Alumni", .key = "alumni", .kind = "closed",
	                            .type = T_ALUMNI, .owner = -1, .created_at = g->now - 3 * 365 * DAY };
	(void)key_take(g, "alumni");
	size_t n_broad = ARRAY_LEN(broad) < (size_t)n_groups / 2 ? ARRAY_LEN(broad) : (size_t)n_groups / 2;
	/* departments with people enough for teams */
	int team_depts[32], n_team_depts = 0;
	for (int k = 0; k < g->n_depts; k++)
		if (g->dept_n[k] >= 3)
			team_depts[n_team_depts++] = k;
	struct strbuf name = STRBUF_INIT, about = STRBUF_INIT;
	for (size_t i = 1; i < g->n_groups; i++) {
		struct dgroup *gr = &g->gs[i];
		gr->owner = -1;
		gr->dept = -1;
		size_t j = i - 1 - n_broad;  /* the first generated ones: one of each rare type, so every demo has them */
		if (i - 1 < n_broad) {
			gr->type = T_BROAD;
		} else if (j < 3) {
			gr->type = j == 0 ? T_SECRET : j == 1 ? T_PARTNER : T_TEAM;
		} else {
			size_t r = demo_pick(100);
			gr->type = r < 18 ? T_TEAM : r < 43 ? T_PROJECT : r < 65 ? T_PRACTICE : r < 77 ? T_CLUB
			         : r < 90 ? T_SOCIAL : r < 95 ? T_PARTNER : T_SECRET;
		}
		if (gr->type == T_TEAM && n_team_depts == 0)
			gr->type = T_PROJECT;
		if (gr->type == T_TEAM)
			gr->dept = team_depts[demo_pick((size_t)n_team_depts)];
		gr->kind = gr->type == T_TEAM && j == 2 ? "closed" : kind_of(gr->type);
		const char *key = NULL;
		for (int tries = 0; tries < 12; tries++) {
			if (gr->type == T_BROAD) {
				strbuf_reset(&name);
				strbuf_reset(&about);
				(void)strbuf_addstr(&name, broad[i - 1].name);
				gr->category = broad[i - 1].category;
				(void)strbuf_addf(&about, "**%s** is open to everyone in the organisation. Say hello, share "
				                  "what you know and meet colleagues from other teams.", broad[i - 1].name);
			} else {
				group_describe(g, gr, &name, &about);
			}
			if (tries == 11)  /* the lists are used up: a number makes it unique */
				(void)strbuf_addf(&name, " (%zu)", i);
			key = groups_name_key(g->keep, name.buf);
			if (key && *key && key_take(g, key))
				break;
			key = NULL;
		}
		if (!key) {
			strbuf_release(&name);
			strbuf_release(&about);
			return PLEIN_ERROR;
		}
		gr->name = pool_strdup(g->keep, name.buf);
		gr->key = key;
		gr->about = pool_strdup(g->keep, about.buf);
	}
	strbuf_release(&name);
	strbuf_release(&about);

	/* who draws from where: teams within their department, partner groups
	 * take the guests; everything but teams from the popularity draw, in
	 * which secret and partner groups weigh little (they stay small) */
	g->dept_teams = xcalloc((size_t)g->n_depts, sizeof(*g->dept_teams));
	g->dept_teams_n = xcalloc((size_t)g->n_depts, sizeof(*g->dept_teams_n));
	g->global = xcalloc(g->n_groups, sizeof(*g->global));
	g->global_cum = xcalloc(g->n_groups, sizeof(*g->global_cum));
	g->partners = xcalloc(g->n_groups, sizeof(*g->partners));
	double sum = 0;
	for (size_t i = 1; i < g->n_groups; i++) {
		struct dgroup *gr = &g->gs[i];
		if (gr->type == T_TEAM) {
			int d = gr->dept;
			g->dept_teams[d] = xrealloc(g->dept_teams[d], st_mult(g->dept_teams_n[d] + 1, sizeof(uint32_t)));
			g->dept_teams[d][g->dept_teams_n[d]++] = (uint32_t)i;
			continue;
		}
		if (gr->type == T_PARTNER)
			g->partners[g->n_partners++] = (uint32_t)i;
		double w = 1.0 / (double)(g->n_global + 4);
		if (gr->type == T_PARTNER || gr->type == T_SECRET)
			w *= 0.05;
		g->global[g->n_global] = (uint32_t)i;
		g->global_cum[g->n_global++] = sum += w;
	}
	return PLEIN_OK;
}

static bool in_group(const struct pgroups *p, uint32_t gi)
{
	for (size_t k = 0; k < p->n; k++)
		if (p->g[k] == gi)
			return true;
	return false;
}

static bool join(struct gen *g, int64_t person, uint32_t gi)
{
	struct pgroups *p = &g->pg[person];
	if (p->n >= PER_PERSON_MAX || in_group(p, gi))
		return false;
	p->g[p->n++] = gi;
	g->gs[gi].members++;
	return true;
}

/* Who is in which group: each colleague in ~5–15 groups (one or two teams
 * of their department, the rest by popularity), guests in a partner group
 * or two, a few colleagues (HR) run the alumni group; then groups too small
 * get topped up. */
static void plan_members(struct gen *g)
{
	g->pg = xcalloc((size_t)g->n_people, sizeof(*g->pg));
	size_t most = g->n_global / 3 < 15 ? g->n_global / 3 : 15;
	if (most < 1)
		most = 1;
	for (int64_t i = 0; i < g->n_people; i++) {
		if (g->kind[i] == 'g') {
			for (size_t k = 1 + (demo_pick(3) == 0); g->n_partners && k > 0; k--)
				(void)join(g, i, i == g->n_staff ? g->partners[0] : g->partners[demo_pick(g->n_partners)]);
			continue;
		}
		if (g->kind[i] != 'b')
			continue;  /* alumni: their group without a row; not active: none */
		size_t want = 5 + demo_pick(11);
		if (want > most)
			want = most;
		if (i == g->member)
			want = most + 5;  /* the benchmark's typical reader is in many groups */
		int d = g->dept[i];
		if (g->dept_teams_n[d]) {
			for (size_t k = 1 + (demo_pick(3) == 0); k > 0; k--)
				(void)join(g, i, g->dept_teams[d][demo_pick(g->dept_teams_n[d])]);
		}
		if (i == g->member && g->n_global)
			(void)join(g, i, g->global[0]);
		for (size_t tries = 0; g->pg[i].n < want && tries < 4 * want && g->n_global; tries++)
			(void)join(g, i, g->global[demo_zipf(g->global_cum, g->n_global)]);
	}
	/* the alumni group: a few colleagues keep it going */
	int64_t keepers = 2 + g->n_staff / 2000;
	for (int64_t k = 0; k < keepers; k++) {
		int64_t i = (int64_t)demo_pick((size_t)g->n_staff);
		if (is_browser(g, i))
			(void)join(g, i, 0);
	}
	/* small groups: topped up to a few members (a team from its department) */
	int64_t least = g->n_staff >= 1000 ? 5 : 3;
	for (size_t gi = 1; gi < g->n_groups; gi++) {
		struct dgroup *gr = &g->gs[gi];
		for (int tries = 0; gr->members < least && tries < 200; tries++) {
			int64_t i = (int64_t)demo_pick((size_t)g->n_staff);
			if (is_browser(g, i) && (gr->type != T_TEAM || g->dept[i] == gr->dept || tries > 100))
				(void)join(g, i, (uint32_t)gi);
		}
	}
	/* the demo member: invited to a secret group (see make_requests), and
	 * already in a closed one */
	if (g->member >= 0)
		for (size_t gi = 1; gi < g->n_groups; gi++)
			if (strcmp(g->gs[gi].kind, "closed") == 0 && g->gs[gi].type != T_PARTNER) {
				(void)join(g, g->member, (uint32_t)gi);
				break;
			}
}

static int cmp_edge(const void *a, const void *b)
{
	const struct edge *x = a, *y = b;
	if (x->group != y->group)
		return x->group < y->group ? -1 : 1;
	return (x->person > y->person) - (x->person < y->person);
}

static int64_t clamp_now(const struct gen *g, int64_t t) { return t > g->now ? g->now : t; }

/* Roles and join times, then the rows: groups (with their exact
 * member_count) and memberships in key order. */
static int write_groups(struct gen *g, void (*progress)(const char *, int64_t, int64_t))
{
	size_t n_edges = 0;
	for (int64_t i = 0; i < g->n_people; i++)
		n_edges += g->pg[i].n;
	struct edge *e = xcalloc(n_edges ? n_edges : 1, sizeof(*e));
	size_t n = 0;
	for (int64_t i = 0; i < g->n_people; i++)
		for (uint8_t k = 0; k < g->pg[i].n; k++)
			e[n++] = (struct edge){ .group = g->pg[i].g[k], .person = (uint32_t)i, .slot = k, .role = 'p' };
	qsort(e, n_edges, sizeof(*e), cmp_edge);
	/* the demo member owns one group (not a broad one) and moderates another */
	uint32_t member_owns = 0, member_moderates = 0;
	if (g->member >= 0)
		for (uint8_t k = 0; k < g->pg[g->member].n; k++) {
			uint32_t gi = g->pg[g->member].g[k];
			if (gi == 0 || g->gs[gi].type == T_BROAD)
				continue;
			if (!member_owns)
				member_owns = gi;
			else if (!member_moderates)
				member_moderates = gi;
		}
	struct db_stmt *ins = db_prepare(g->db,
		"INSERT INTO groups(name, name_key, kind, category, about, about_html, member_count, created_by, "
		"created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	struct db_stmt *mem = db_prepare(g->db,
		"INSERT INTO group_members(group_id, person_id, role, joined_at) VALUES (?, ?, ?, ?)");
	if (!ins || !mem) {
		free(e);
		return PLEIN_ERROR;
	}
	int rc = PLEIN_OK;
	size_t lo = 0;
	for (size_t gi = 0; gi < g->n_groups && rc == PLEIN_OK; gi++) {
		struct dgroup *gr = &g->gs[gi];
		size_t hi = lo;
		while (hi < n_edges && e[hi].group == gi)
			hi++;
		size_t cnt = hi - lo;
		/* the owner: a colleague (never a guest); the demo member in his group */
		if (cnt) {
			size_t o = lo + demo_pick(cnt);
			for (int tries = 0; tries < 32 && !is_browser(g, e[o].person); tries++)
				o = lo + demo_pick(cnt);
			for (size_t k = lo; k < hi; k++)
				if (gi == member_owns && (int64_t)e[k].person == g->member)
					o = k;
			e[o].role = 'o';
			gr->owner = e[o].person;
			size_t mods = cnt >= 8 ? 1 + demo_pick(2) : cnt >= 3 ? demo_pick(2) : 0;
			for (size_t m = 0, tries = 0; m < mods && tries < 16; tries++) {
				size_t k = lo + demo_pick(cnt);
				if (e[k].role == 'p' && is_browser(g, e[k].person))
					e[k].role = 'm', m++;
			}
			for (size_t k = lo; k < hi; k++)
				if (gi == member_moderates && (int64_t)e[k].person == g->member && e[k].role == 'p')
					e[k].role = 'm';
		}
		/* made when its owner was there, the big ones before the posts began */
		int64_t made = gi == 0 ? gr->created_at
		             : gr->type == T_BROAD ? g->now - 3 * 365 * DAY + (int64_t)demo_pick(30 * DAY)
		                                   : g->now - 7 * DAY - (int64_t)demo_pick(3 * 365 * DAY);
		if (gr->owner >= 0 && made < g->created[gr->owner] + DAY)
			made = clamp_now(g, g->created[gr->owner] + DAY);
		gr->created_at = made;
		for (size_t k = lo; k < hi; k++) {
			int64_t p = e[k].person, joined = e[k].role == 'o' ? made : made > g->created[p] ? made : g->created[p];
			if (e[k].role != 'o')
				joined = clamp_now(g, joined + (int64_t)demo_pick(120 * DAY));
			g->pg[p].joined[e[k].slot] = joined;
		}
		if (gi == 0) {
			/* the alumni group stays as the migration made it, with its members counted */
			rc = gr->owner >= 0 ? db_exec(g->db, "UPDATE groups SET member_count = ?, created_by = ? WHERE id = ?",
			                              "iii", (int64_t)cnt, g->ids[gr->owner], gr->id)
			                    : db_exec(g->db, "UPDATE groups SET member_count = ? WHERE id = ?", "ii",
			                              (int64_t)cnt, gr->id);
		} else {
			struct pool *pl = pool_new();
			const char *html = markdown_to_html(pl, gr->about, strlen(gr->about));
			db_bind_str(ins, 1, gr->name);
			db_bind_str(ins, 2, gr->key);
			db_bind_str(ins, 3, gr->kind);
			db_bind_str(ins, 4, gr->category);
			db_bind_str(ins, 5, gr->about);
			db_bind_str(ins, 6, html ? html : "");
			db_bind_int(ins, 7, (int64_t)cnt);
			if (gr->owner >= 0)
				db_bind_int(ins, 8, g->ids[gr->owner]);
			else
				db_bind_null(ins, 8);
			db_bind_int(ins, 9, made);
			db_bind_int(ins, 10, made);
			rc = html ? step_done(ins) : PLEIN_ERROR;
			if (!html)
				db_done(ins);
			pool_free(pl);
			gr->id = db_last_insert_id(g->db);
			g->out->groups++;
			g->out->open += strcmp(gr->kind, "open") == 0;
			g->out->closed += strcmp(gr->kind, "closed") == 0;
			g->out->secret += strcmp(gr->kind, "secret") == 0;
		}
		gr->members = (int64_t)cnt;
		if ((int64_t)cnt > g->out->largest)
			g->out->largest = (int64_t)cnt;
		for (size_t k = lo; rc == PLEIN_OK && k < hi; k++) {
			static const char *const role_names[] = { ['o'] = "owner", ['m'] = "moderator", ['p'] = "member" };
			db_bind_int(mem, 1, gr->id);
			db_bind_int(mem, 2, g->ids[e[k].person]);
			db_bind_str(mem, 3, role_names[(int)e[k].role]);
			db_bind_int(mem, 4, g->pg[e[k].person].joined[e[k].slot]);
			rc = step_done(mem);
			g->out->owners += e[k].role == 'o';
			g->out->moderators += e[k].role == 'm';
		}
		g->out->memberships += (int64_t)cnt;
		lo = hi;
		if (progress && gi % 1000 == 0)
			progress("groups", (int64_t)gi, (int64_t)g->n_groups);
	}
	free(e);
	return rc;
}

/* Waiting for an answer: requests to join closed groups, invitations (to
 * secret groups too); the demo member has one of each. */
static int make_requests(struct gen *g)
{
	struct db_stmt *st = db_prepare(g->db,
		"INSERT OR IGNORE INTO group_requests(group_id, person_id, kind, actor_id, message, created_at) "
		"VALUES (?, ?, ?, ?, ?, ?)");
	if (!st)
		return PLEIN_ERROR;
	int secret_for_member = 1, closed_for_member = 1;
	for (size_t gi = 0; gi < g->n_groups; gi++) {
		struct dgroup *gr = &g->gs[gi];
		bool closed = strcmp(gr->kind, "closed") == 0, secret = strcmp(gr->kind, "secret") == 0;
		size_t asks = closed && demo_pick(4) == 0 ? 1 + demo_pick(3) : 0;
		size_t invites = gr->owner >= 0 && demo_pick(10) == 0 ? 1 + demo_pick(2) : 0;
		int64_t for_member = 0;  /* 1: an invitation, 2: a request of the demo member */
		if (g->member >= 0 && !in_group(&g->pg[g->member], (uint32_t)gi) && gr->owner >= 0) {
			if (secret && secret_for_member)
				for_member = 1, secret_for_member = 0;
			else if (closed && gr->type != T_PARTNER && closed_for_member)
				for_member = 2, closed_for_member = 0;
		}
		for (size_t k = 0; k < asks + invites + (for_member != 0); k++) {
			bool invite = k >= asks && (k < asks + invites || for_member == 1);
			int64_t who = k == asks + invites ? g->member : (int64_t)demo_pick((size_t)g->n_staff);
			if (!is_browser(g, who) || in_group(&g->pg[who], (uint32_t)gi))
				continue;
			int64_t actor = invite ? g->ids[gr->owner] : g->ids[who];
			db_bind_int(st, 1, gr->id);
			db_bind_int(st, 2, g->ids[who]);
			db_bind_str(st, 3, invite ? "invite" : "request");
			db_bind_int(st, 4, actor);
			db_bind_str(st, 5, invite ? "" : PICK(request_messages));
			db_bind_int(st, 6, g->now - (int64_t)demo_pick(14 * DAY));
			int rc = step_done(st);
			if (rc)
				return rc;
			if (db_changes(g->db)) {
				g->out->invites += invite;
				g->out->requests += !invite;
			}
		}
	}
	return PLEIN_OK;
}

/* A share of the posts into groups their author was in by then (closed and
 * secret groups only posts without comments or reactions, so no outsider
 * ever answered in them); the newest post of some groups pinned. */
static int place_posts(struct gen *g, void (*progress)(const char *, int64_t, int64_t))
{
	int64_t max_id = 0;
	for (int64_t i = 0; i < g->n_people; i++)
		if (g->ids[i] > max_id)
			max_id = g->ids[i];
	int64_t *index_of = xcalloc((size_t)max_id + 1, sizeof(*index_of));
	for (int64_t i = 0; i < g->n_people; i++)
		index_of[g->ids[i]] = i + 1;
	struct move *mv = NULL;
	size_t n_mv = 0, cap_mv = 0;
	struct db_stmt *st = db_prepare(g->db,
		"SELECT id, author_id, created_at, comment_count = 0 AND reactions = '' FROM posts "
		"WHERE kind = 'update' AND group_id IS NULL ORDER BY id");
	if (!st) {
		free(index_of);
		return PLEIN_ERROR;
	}
	int rc;
	uint32_t cand[PER_PERSON_MAX];
	while ((rc = db_step(st)) == DB_ROW) {
		if (demo_pick(100) >= POST_SHARE)
			continue;
		int64_t author = db_col_int(st, 1), t = db_col_int(st, 2);
		bool quiet = db_col_int(st, 3) != 0;
		if (author <= 0 || author > max_id || !index_of[author])
			continue;
		const struct pgroups *p = &g->pg[index_of[author] - 1];
		size_t nc = 0;
		for (size_t k = 0; k < p->n; k++)
			if (p->joined[k] <= t && g->gs[p->g[k]].created_at <= t && (quiet || strcmp(g->gs[p->g[k]].kind, "open") == 0))
				cand[nc++] = p->g[k];
		if (!nc)
			continue;
		if (n_mv == cap_mv) {
			cap_mv = cap_mv ? cap_mv * 2 : 4096;
			mv = xrealloc(mv, st_mult(cap_mv, sizeof(*mv)));
		}
		mv[n_mv++] = (struct move){ .post = db_col_int(st, 0), .t = t, .group = cand[demo_pick(nc)] };
	}
	db_done(st);
	free(index_of);
	struct db_stmt *up = db_prepare(g->db, "UPDATE posts SET group_id = ?, visibility = 'group' WHERE id = ?");
	if (rc != DB_DONE || !up) {
		free(mv);
		return PLEIN_ERROR;
	}
	for (size_t k = 0; k < n_mv; k++) {
		struct dgroup *gr = &g->gs[mv[k].group];
		db_bind_int(up, 1, gr->id);
		db_bind_int(up, 2, mv[k].post);
		if ((rc = step_done(up))) {
			free(mv);
			return rc;
		}
		gr->pins[1] = gr->pins[0];
		gr->pins[0] = (int64_t)k + 1;  /* index + 1 into mv */
		if (progress && k % 100000 == 0)
			progress("posts placed in groups", (int64_t)k, (int64_t)n_mv);
	}
	g->out->group_posts = (int64_t)n_mv;
	/* pins: the newest post of a quarter of the groups (all the broad ones),
	 * and of some the one before it too */
	struct db_stmt *pin = db_prepare(g->db, "INSERT INTO group_pins(group_id, post_id, pinned_by, pinned_at) VALUES (?, ?, ?, ?)");
	if (!pin) {
		free(mv);
		return PLEIN_ERROR;
	}
	rc = PLEIN_OK;
	for (size_t gi = 0; gi < g->n_groups && rc == PLEIN_OK; gi++) {
		struct dgroup *gr = &g->gs[gi];
		if (!gr->pins[0] || gr->owner < 0 || (gr->type != T_BROAD && demo_pick(4) != 0))
			continue;
		for (int k = 0; k < (gr->pins[1] && demo_pick(3) == 0 ? 2 : 1) && rc == PLEIN_OK; k++) {
			const struct move *m = &mv[gr->pins[k] - 1];
			db_bind_int(pin, 1, gr->id);
			db_bind_int(pin, 2, m->post);
			db_bind_int(pin, 3, g->ids[gr->owner]);
			db_bind_int(pin, 4, clamp_now(g, m->t + (int64_t)demo_pick(2 * DAY)));
			rc = step_done(pin);
			g->out->pins++;
		}
	}
	free(mv);
	return rc;
}

int demo_groups(struct db *db, int64_t n_groups, uint64_t seed, struct demo_groups_result *out,
                void (*progress)(const char *what, int64_t done, int64_t total))
{
	struct gen g = { .db = db, .keep = pool_new(), .out = out };
	struct demo_indexes ix = { 0 };
	int rc = PLEIN_ERROR;
	memset(out, 0, sizeof(*out));
	if (n_groups < 0 || n_groups > 1000000) {
		pool_free(g.keep);
		return PLEIN_INVALID;
	}
	demo_seed(seed ^ 0x67726f757073ull);  /* "groups": not the people's or the posts' sequence */
	g.now = (int64_t)time(NULL);
	if (load_people(&g))
		goto out;
	if (db_begin(db))
		goto out;
	/* secondary indexes: built once at the end (a sort) instead of row by
	 * row (demo_indexes_drop) */
	if (demo_indexes_drop(db, g.keep, GROUP_INDEX_WHERE, &ix))
		goto out;
	int64_t staff = g.n_people;
	if (make_outsiders(&g, n_groups ? (staff / 500 > 2 ? staff / 500 : 2) : 0,
	                   n_groups ? (staff / 200 > 2 ? staff / 200 : 2) : 0) ||
	    plan_groups(&g, n_groups))
		goto out;
	plan_members(&g);
	if (write_groups(&g, progress) || make_requests(&g) || place_posts(&g, progress))
		goto out;
	if (progress)
		progress("indexes", 0, (int64_t)ix.n);
	if (demo_indexes_create(db, &ix))
		goto out;
	rc = db_commit(db);
out:
	if (rc)
		db_rollback(db);
	for (int k = 0; g.dept_teams && k < g.n_depts; k++)
		free(g.dept_teams[k]);
	free(g.dept_teams);
	free(g.dept_teams_n);
	free(g.global);
	free(g.global_cum);
	free(g.partners);
	free(g.keys);
	free(g.gs);
	free(g.pg);
	free(g.ids);
	free(g.created);
	free(g.dept);
	free(g.kind);
	pool_free(g.keep);
	return rc;
}
