/* demo.c — see demo.h. Names and titles are lists; the structure is: a
 * director, a head per department reporting to the director, team leads
 * reporting to their head (one per ~8 people), everyone else to a lead. */
#include "core/demo.h"
#include "core/demo_rng.h"
#include "core/expertise.h"
#include "core/password.h"
#include "core/people.h"
#include "core/profile.h"
#include "core/secret.h"
#include "lib/strbuf.h"
#include <time.h>

static const char *first_names[] = {
	"Anna", "Daan", "Sanne", "Lars", "Emma", "Bram", "Fleur", "Thijs", "Lotte", "Ruben", "Eva", "Jeroen",
	"Femke", "Sem", "Zoë", "Maarten", "Noor", "Joost", "Ilse", "Pieter", "Sophie", "Wouter", "Anouk", "Koen",
	"Marieke", "Stijn", "Esther", "Niels", "Iris", "Tim", "Chloë", "Jasper", "Renée", "Sven", "Merel", "Luuk",
	"Olivia", "James", "Amelia", "Oliver", "Charlotte", "Harry", "Grace", "Thomas", "Isla", "George", "Emily",
	"Samuel", "Fatima", "Mohammed", "Yasmina", "Youssef", "Priya", "Arjun", "Mei", "Wei", "Inés", "José",
	"Søren", "Aisha", "Mila", "Finn", "Julia", "Milan", "Saar", "Levi", "Lieke", "Gijs", "Roos", "Hugo",
};
static const char *last_names[] = {
	"de Vries", "van Dijk", "Bakker", "Janssen", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot",
	"Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits",
	"de Graaf", "van der Meer", "van der Linden", "Kok", "Jacobs", "de Haan", "Vermeulen", "van den Berg",
	"van der Heijden", "Schouten", "van Beek", "Willems", "van Vliet", "Hoekstra", "Maas", "Verhoeven",
	"Koster", "van Dam", "Prins", "Blom", "Huisman", "Peeters", "Kuipers", "Bosman", "Wijaya", "El Amrani",
	"Yılmaz", "Öztürk", "Ramdin", "Nguyen", "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson",
	"Johnson", "Davies", "Robinson", "Wright", "Evans", "Müller", "Dubois", "García", "Rossi", "Kowalski",
};
static const struct {
	const char *name;
	const char *titles[4];
} departments[] = {
	{ "Finance", { "Financial controller", "Accountant", "Financial analyst", "Payroll specialist" } },
	{ "People & Culture", { "HR advisor", "Recruiter", "Learning specialist", "HR business partner" } },
	{ "IT", { "Software engineer", "Systems administrator", "Security officer", "Service desk agent" } },
	{ "Marketing", { "Marketing manager", "Content strategist", "Brand designer", "SEO specialist" } },
	{ "Sales", { "Account manager", "Sales consultant", "Business developer", "Bid manager" } },
	{ "Legal", { "Legal counsel", "Compliance officer", "Privacy officer", "Paralegal" } },
	{ "Customer Service", { "Customer advisor", "Support specialist", "Quality coach", "Planner" } },
	{ "Operations", { "Operations coordinator", "Logistics planner", "Facility manager", "Process engineer" } },
	{ "Research", { "Researcher", "Data scientist", "Policy advisor", "Statistician" } },
	{ "Communications", { "Communications advisor", "Editor", "Spokesperson", "Translator" } },
};
static const char *locations[] = {
	"Utrecht", "Amsterdam", "Rotterdam", "Den Haag", "Eindhoven", "Groningen", "Zwolle", "Maastricht", "Remote",
};
static const char *bios[] = {
	"Ask me about budgets, forecasts and anything with a spreadsheet.",
	"I like connecting people across teams. Coffee is on me.",
	"Fluent in Dutch, English and French; happy to help with translations.",
	"Working on making our processes simpler, one step at a time.",
	"",
	"Part-time runner, full-time problem solver.",
	"Happy to share what I learned about subsidies and grant applications.",
	"",
};

/* Skills in Dutch and English, roughly from common to rare: the draw is
 * Zipf-like over this order, so the first ones are everywhere. */
static const char *skills[] = {
	"Excel", "Projectmanagement", "Communicatie", "Presenteren", "Engels", "Project management", "Python",
	"Stakeholdermanagement", "Schrijven", "Data-analyse", "Vertalen", "Translation", "Subsidies", "SQL",
	"Agile", "Scrum", "Beleidsadvies", "Power BI", "Coaching", "Onderhandelen", "Facilitation", "Writing",
	"Budgetting", "Begroten", "Arbeidsrecht", "Contractrecht", "Privacy", "AVG", "GDPR", "Inkoop",
	"Procurement", "Lean", "Six Sigma", "Change management", "Verandermanagement", "Design thinking",
	"UX research", "Interviewing", "Recruitment", "Werving en selectie", "Training", "E-learning",
	"Didactiek", "Copywriting", "Redactie", "Social media", "SEO", "Google Analytics", "Fotografie",
	"Video editing", "Adobe InDesign", "Figma", "Illustrator", "Photoshop", "JavaScript", "TypeScript",
	"Java", "C", "C#", "Go", "Rust", "Linux", "Kubernetes", "Docker", "Azure", "AWS", "Netwerken",
	"Networking", "Security", "Informatiebeveiliging", "ISO 27001", "Risk management", "Risicomanagement",
	"Audit", "Compliance", "Fiscaal recht", "Belastingen", "Salarisadministratie", "Payroll", "SAP",
	"Exact Online", "AFAS", "Boekhouden", "Bookkeeping", "Controlling", "Forecasting", "Statistics",
	"Statistiek", "R", "SPSS", "Machine learning", "Tableau", "Visualisatie", "Procesoptimalisatie",
	"Process mining", "Logistiek", "Planning", "Roosteren", "Facilitair beheer", "Vastgoed",
	"Duurzaamheid", "Sustainability", "Energietransitie", "Circulaire economie", "Mediation",
	"Conflicthantering", "Klantcontact", "Customer success", "Sales", "Accountmanagement", "Tenders",
	"Aanbestedingen", "Marketing automation", "Campagnes", "Events", "Evenementen", "Public affairs",
	"Lobby", "Woordvoering", "Crisiscommunicatie", "Interne communicatie", "Toegankelijkheid",
	"Accessibility", "WCAG", "Frans", "Duits", "Spaans", "Arabisch", "Turks", "Pools", "Gebarentaal",
	"EHBO", "BHV", "Vergadertechnieken", "Notuleren", "Archiveren", "Informatiebeheer", "SharePoint",
	"Microsoft 365", "Outlook", "Word", "PowerPoint", "Visio", "Jira", "Confluence", "Git",
	"Testen", "Testautomatisering", "API design", "Architectuur", "Enterprise architecture",
	"Data governance", "Datamodellering", "Juridisch advies", "Wetgeving", "Europees recht",
	"Subsidieaanvragen", "Fondsenwerving", "Fundraising",
};
/* Skills a department brings more often: one of its five comes first. */
static const char *dept_skills[][5] = {
	{ "Excel", "Controlling", "Boekhouden", "Forecasting", "Payroll" },
	{ "Recruitment", "Arbeidsrecht", "Coaching", "Training", "Werving en selectie" },
	{ "Python", "Linux", "SQL", "Security", "Kubernetes" },
	{ "SEO", "Copywriting", "Social media", "Campagnes", "Google Analytics" },
	{ "Sales", "Onderhandelen", "Accountmanagement", "Tenders", "Aanbestedingen" },
	{ "Contractrecht", "Privacy", "AVG", "Compliance", "Juridisch advies" },
	{ "Klantcontact", "Customer success", "Mediation", "Planning", "Conflicthantering" },
	{ "Logistiek", "Lean", "Procesoptimalisatie", "Facilitair beheer", "Planning" },
	{ "Statistiek", "R", "Data-analyse", "Machine learning", "Subsidies" },
	{ "Redactie", "Vertalen", "Translation", "Woordvoering", "Interne communicatie" },
};
static const char *interests[] = {
	"Hardlopen", "Running", "Fietsen", "Cycling", "Koken", "Cooking", "Lezen", "Books", "Muziek", "Music",
	"Gitaar", "Piano", "Zingen", "Koor", "Fotografie", "Photography", "Tuinieren", "Gardening", "Wandelen",
	"Hiking", "Voetbal", "Football", "Hockey", "Tennis", "Padel", "Zwemmen", "Yoga", "Schaken", "Chess",
	"Bordspellen", "Board games", "Gaming", "Film", "Theater", "Kunst", "Schilderen", "Tekenen", "Reizen",
	"Travel", "Duurzaamheid", "Vrijwilligerswerk", "Volunteering", "Politiek", "Geschiedenis", "History",
	"Wetenschap", "Astronomie", "Programmeren", "Open source", "Podcasts", "Talen leren", "Honden",
	"Katten", "Zeilen", "Sailing", "Klimmen", "Climbing", "Dansen", "Dance", "Bakken",
};
static const char *other_languages[] = { "tr", "ar", "pl", "de", "fr", "es", "en", "zh", "hi", "pt", "ro", "so" };
static const char *pronouns[] = { "she/her", "he/him", "they/them", "zij/haar", "hij/hem", "die/hen" };

static uint64_t rng_state;

void demo_seed(uint64_t seed) { rng_state = seed; }

uint64_t demo_rnd(void)
{
	/* splitmix64: tiny, fast, and the same sequence on every machine */
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

size_t demo_pick(size_t n)
{
	return (size_t)(demo_rnd() % n);
}

/* Zipf-like (see demo_rng.h): binary search of the cumulative weights. */
size_t demo_zipf(const double *cum, size_t n)
{
	double x = (double)(demo_rnd() >> 11) / 9007199254740992.0 * cum[n - 1];
	size_t lo = 0, hi = n - 1;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cum[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void demo_zipf_table(double *cum, size_t n)
{
	double sum = 0;
	for (size_t i = 0; i < n; i++)
		cum[i] = sum += 1.0 / (double)(i + 4);
}

/* Draw up to want distinct tags (first, if given, comes first). */
static void draw_tags(struct tag_list *l, const char **buf, size_t want, const char *first,
                      const char *const *list, const double *cum, size_t n)
{
	l->items = buf;
	l->n = 0;
	if (first)
		buf[l->n++] = first;
	for (int tries = 0; l->n < want && tries < 40; tries++) {
		const char *t = list[demo_zipf(cum, n)];
		bool dup = false;
		for (size_t i = 0; i < l->n; i++)
			dup = dup || strcmp(buf[i], t) == 0;
		if (!dup)
			buf[l->n++] = t;
	}
}

/* Skills, interests, languages, pronouns, phone and start date. */
static int demo_profile(struct db *db, int64_t id, int dept, int64_t created_at)
{
	static double skill_cum[ARRAY_LEN(skills)], interest_cum[ARRAY_LEN(interests)];
	const char *buf[12];
	struct tag_list tags;
	if (skill_cum[0] == 0) {
		demo_zipf_table(skill_cum, ARRAY_LEN(skills));
		demo_zipf_table(interest_cum, ARRAY_LEN(interests));
	}
	const char *first = dept >= 0 && dept < (int)ARRAY_LEN(dept_skills) ? dept_skills[dept][demo_pick(5)] : NULL;
	draw_tags(&tags, buf, 2 + demo_pick(7), first, skills, skill_cum, ARRAY_LEN(skills));
	int rc = profile_skills_set(db, id, &tags);
	if (rc)
		return rc;
	draw_tags(&tags, buf, demo_pick(6), NULL, interests, interest_cum, ARRAY_LEN(interests));
	if ((rc = profile_interests_set(db, id, &tags)))
		return rc;

	/* most are native Dutch speakers; many speak English, some more */
	struct person_language langs[5];
	struct language_list ll = { .items = langs, .n = 0 };
	const char *native = demo_pick(10) < 8 ? "nl" : other_languages[demo_pick(ARRAY_LEN(other_languages))];
	langs[ll.n++] = (struct person_language){ native, LEVEL_NATIVE };
	if (strcmp(native, "nl") != 0)
		langs[ll.n++] = (struct person_language){ "nl", demo_pick(3) ? LEVEL_FLUENT : LEVEL_WORKING };
	if (strcmp(native, "en") != 0 && demo_pick(10) < 8)
		langs[ll.n++] = (struct person_language){ "en", demo_pick(2) ? LEVEL_FLUENT : demo_pick(2) ? LEVEL_WORKING : LEVEL_BASIC };
	static const char *extra[] = { "fr", "de", "es", "tr", "ar", "pl" };
	if (demo_pick(3) == 0) {
		const char *x = extra[demo_pick(ARRAY_LEN(extra))];
		bool dup = false;
		for (size_t i = 0; i < ll.n; i++)
			dup = dup || strcmp(langs[i].code, x) == 0;
		if (!dup)
			langs[ll.n++] = (struct person_language){ x, demo_pick(3) == 0 ? LEVEL_WORKING : LEVEL_BASIC };
	}
	if ((rc = profile_languages_set(db, id, &ll)))
		return rc;

	char phone[24], start[16];
	time_t started = (time_t)(created_at - (int64_t)demo_pick(8 * 365) * 86400);
	struct tm tm;
	gmtime_r(&started, &tm);
	strftime(start, sizeof(start), "%Y-%m-%d", &tm);
	snprintf(phone, sizeof(phone), "+31 6 %08llu", (unsigned long long)(demo_rnd() % 100000000));
	struct person_fields f = { .pronouns = demo_pick(5) == 0 ? pronouns[demo_pick(ARRAY_LEN(pronouns))] : NULL,
	                           .phone = phone, .start_date = start };
	return people_update(db, id, &f);
}

/* name → e-mail local part: ASCII letters, dots between words */
static void email_of(struct strbuf *sb, const char *first, const char *last, int64_t n)
{
	static const struct { const char *from, *to; } fold[] = {
		{ "ë", "e" }, { "é", "e" }, { "è", "e" }, { "ö", "o" }, { "ø", "o" }, { "ü", "u" }, { "ı", "i" },
		{ "í", "i" }, { "á", "a" }, { "ç", "c" }, { "Ö", "o" },
	};
	strbuf_reset(sb);
	const char *parts[2] = { first, last };
	for (int w = 0; w < 2; w++) {
		if (w)
			(void)strbuf_addch(sb, '.');
		for (const char *c = parts[w]; *c;) {
			size_t i;
			for (i = 0; i < ARRAY_LEN(fold); i++) {
				size_t fl = strlen(fold[i].from);
				if (strncmp(c, fold[i].from, fl) == 0) {
					(void)strbuf_addstr(sb, fold[i].to);
					c += fl;
					break;
				}
			}
			if (i < ARRAY_LEN(fold))
				continue;
			if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z'))
				(void)strbuf_addch(sb, *c | 0x20);
			c++;
		}
	}
	if (n)
		(void)strbuf_addf(sb, "%lld", (long long)n);
	(void)strbuf_addstr(sb, "@example.com");
}

int demo_create(struct db *db, int64_t n, uint64_t seed, struct demo_result *out,
                void (*progress)(int64_t done, int64_t total))
{
	const int n_dept = n < 40 ? 4 : (int)ARRAY_LEN(departments);
	int64_t now = time(NULL), *heads = NULL, *leads = NULL;
	int64_t n_leads = 0, cap_leads = n / 8 + n_dept + 1;
	struct strbuf name = STRBUF_INIT, email = STRBUF_INIT;
	char admin_hash[PASSWORD_HASH_MAX], member_hash[PASSWORD_HASH_MAX];
	int rc = PLEIN_ERROR;

	memset(out, 0, sizeof(*out));
	if (n < 2)
		return PLEIN_INVALID;
	demo_seed(seed);
	snprintf(out->admin_email, sizeof(out->admin_email), "admin@example.com");
	snprintf(out->member_email, sizeof(out->member_email), "member@example.com");
	random_token(12, out->admin_password, sizeof(out->admin_password));
	random_token(12, out->member_password, sizeof(out->member_password));
	if (password_hash(out->admin_password, admin_hash) || password_hash(out->member_password, member_hash))
		return PLEIN_ERROR;
	heads = xcalloc((size_t)n_dept, sizeof(*heads));
	leads = xcalloc((size_t)cap_leads, sizeof(*leads));
	/* each department's leads (its head first): a team stays inside its
	 * department, so the interactions that follow teams do too */
	int64_t n_lead_dept[ARRAY_LEN(departments)] = { 0 };
	int64_t **dept_leads = xcalloc((size_t)n_dept, sizeof(*dept_leads));
	for (int d = 0; d < n_dept; d++)
		dept_leads[d] = xcalloc((size_t)cap_leads, sizeof(**dept_leads));
	if (db_begin(db))
		goto out;

	/* the director, who is also the demo administrator */
	struct person p = { .email = out->admin_email, .name = "Femke Jansen", .title = "Director",
	                    .department = "Management", .location = "Utrecht", .role = "admin",
	                    .bio = "Director of the demo organisation and administrator of this plein.",
	                    .created_at = now - 3 * 365 * 86400 };
	int64_t director, id;
	if (people_create_full(db, &p, admin_hash, &director) || demo_profile(db, director, -1, p.created_at))
		goto out;
	for (int d = 0; d < n_dept && d + 1 < n; d++) {
		const char *first = first_names[demo_pick(ARRAY_LEN(first_names))], *last = last_names[demo_pick(ARRAY_LEN(last_names))];
		strbuf_reset(&name);
		(void)strbuf_addf(&name, "%s %s", first, last);
		email_of(&email, first, last, d + 1);
		struct person h = { .email = email.buf, .name = name.buf, .department = departments[d].name,
		                    .title = "Head of department", .location = locations[d % 4],
		                    .manager_id = director, .bio = bios[demo_pick(ARRAY_LEN(bios))],
		                    .created_at = now - (int64_t)demo_pick(3 * 365) * 86400 - 86400 };
		if (people_create_full(db, &h, NULL, &heads[d]) || demo_profile(db, heads[d], d, h.created_at))
			goto out;
		leads[n_leads++] = heads[d];
		dept_leads[d][n_lead_dept[d]++] = heads[d];
	}
	int64_t made = 1 + n_dept;
	for (int64_t i = made; i < n; i++) {
		const char *first = first_names[demo_pick(ARRAY_LEN(first_names))], *last = last_names[demo_pick(ARRAY_LEN(last_names))];
		int d = (int)demo_pick((size_t)n_dept);
		bool member = i == made;  /* the first ordinary colleague is the demo member */
		bool lead = !member && n_leads < cap_leads && demo_pick(8) == 0;
		strbuf_reset(&name);
		if (member) {
			(void)strbuf_addstr(&name, "Daan de Vries");
			strbuf_reset(&email);
			(void)strbuf_addstr(&email, out->member_email);
		} else {
			(void)strbuf_addf(&name, "%s %s", first, last);
			email_of(&email, first, last, i);
		}
		struct person x = {
			.email = email.buf, .name = name.buf, .department = departments[d].name,
			.title = lead ? "Team lead" : departments[d].titles[demo_pick(4)],
			.location = locations[demo_pick(ARRAY_LEN(locations))],
			.manager_id = lead || n_lead_dept[d] == 0 ? heads[d] : dept_leads[d][demo_pick((size_t)n_lead_dept[d])],
			.bio = bios[demo_pick(ARRAY_LEN(bios))],
			.created_at = now - (int64_t)demo_pick(3 * 365 * 24) * 3600 - 3600,
			.role = "member",
		};
		if (people_create_full(db, &x, member ? member_hash : NULL, &id) || demo_profile(db, id, d, x.created_at))
			goto out;
		if (lead) {
			leads[n_leads++] = id;
			dept_leads[d][n_lead_dept[d]++] = id;
		}
		if (progress && i % 10000 == 0)
			progress(i, n);
	}
	if (db_commit(db))
		goto out;
	/* derived indexes, after the people exist: "who knows X" reads one */
	if (expertise_reindex_all(db))
		goto out;
	/* statistics for the query planner: the directory's filters (and the
	 * expertise index) pick their plans well only with them */
	if (db_exec(db, "ANALYZE", NULL))
		goto out;
	out->people = n;
	out->departments = n_dept;
	rc = PLEIN_OK;
out:
	if (rc)
		db_rollback(db);
	for (int d = 0; d < n_dept; d++)
		free(dept_leads[d]);
	free(dept_leads);
	free(heads);
	free(leads);
	strbuf_release(&name);
	strbuf_release(&email);
	return rc;
}

int demo_reset_passwords(struct db *db, struct demo_result *out)
{
	struct pool *p = pool_new();
	struct person *admin, *member;
	char h1[PASSWORD_HASH_MAX], h2[PASSWORD_HASH_MAX];
	int rc = PLEIN_NOTFOUND;
	memset(out, 0, sizeof(*out));
	snprintf(out->admin_email, sizeof(out->admin_email), "admin@example.com");
	snprintf(out->member_email, sizeof(out->member_email), "member@example.com");
	if (people_get_by_email(db, p, out->admin_email, &admin, NULL) ||
	    people_get_by_email(db, p, out->member_email, &member, NULL))
		goto out;
	random_token(12, out->admin_password, sizeof(out->admin_password));
	random_token(12, out->member_password, sizeof(out->member_password));
	rc = PLEIN_ERROR;
	if (password_hash(out->admin_password, h1) || password_hash(out->member_password, h2))
		goto out;
	if (people_set_password(db, admin->id, h1) || people_set_password(db, member->id, h2))
		goto out;
	rc = PLEIN_OK;
out:
	pool_free(p);
	return rc;
}

static const char *csv_languages[] = {
	"nl:native;en:fluent", "en:native", "nl:native;en:working;de:basic", "fr:native;en:fluent;nl:working",
	"en:fluent;es:native", "nl:native",
};

/* a CSV field: quoted, inner quotes doubled (names hold none today, but the file must stay valid) */
static void csv_field(FILE *f, const char *s, bool last)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputs(last ? "\"\n" : "\",", f);
}

int demo_write_csv(FILE *f, int64_t n, uint64_t seed)
{
	const int n_dept = n < 40 ? 4 : (int)ARRAY_LEN(departments);
	struct strbuf email = STRBUF_INIT, name = STRBUF_INIT, skill_list = STRBUF_INIT;
	char (*heads)[96] = xcalloc((size_t)n_dept, sizeof(*heads));
	/* the leads' addresses, to name them as managers */
	int64_t cap_leads = n / 8 + n_dept + 1, n_leads = 0;
	char (*leads)[96] = xcalloc((size_t)cap_leads, sizeof(*leads));
	demo_seed(seed);
	fputs("name,email,title,department,location,manager_email,skills,languages\n", f);
	fputs("\"Femke Jansen\",\"director@example.com\",\"Director\",\"Management\",\"Utrecht\",\"\","
	      "\"Leadership;Budgets\",\"nl:native;en:fluent\"\n", f);
	for (int64_t i = 1; i < n; i++) {
		const char *first = first_names[demo_pick(ARRAY_LEN(first_names))], *last = last_names[demo_pick(ARRAY_LEN(last_names))];
		int d = i <= n_dept ? (int)(i - 1) : (int)demo_pick((size_t)n_dept);
		bool head = i <= n_dept, lead = !head && n_leads < cap_leads && demo_pick(8) == 0;
		strbuf_reset(&name);
		(void)strbuf_addf(&name, "%s %s", first, last);
		email_of(&email, first, last, i);
		strbuf_reset(&skill_list);
		size_t k = 1 + demo_pick(4);
		for (size_t j = 0; j < k; j++)
			(void)strbuf_addf(&skill_list, "%s%s", j ? ";" : "", skills[demo_pick(40)]);  /* the common ones */
		const char *manager = head ? "director@example.com"
		                    : lead || n_leads == 0 ? heads[d] : leads[demo_pick((size_t)n_leads)];
		csv_field(f, name.buf, false);
		csv_field(f, email.buf, false);
		csv_field(f, head ? "Head of department" : lead ? "Team lead" : departments[d].titles[demo_pick(4)], false);
		csv_field(f, departments[d].name, false);
		csv_field(f, locations[demo_pick(ARRAY_LEN(locations))], false);
		csv_field(f, manager, false);
		csv_field(f, skill_list.buf, false);
		csv_field(f, csv_languages[demo_pick(ARRAY_LEN(csv_languages))], true);
		if (head)
			snprintf(heads[d], sizeof(heads[d]), "%s", email.buf);
		else if (lead)
			snprintf(leads[n_leads++], sizeof(leads[0]), "%s", email.buf);
	}
	free(heads);
	free(leads);
	strbuf_release(&email);
	strbuf_release(&name);
	strbuf_release(&skill_list);
	return ferror(f) ? PLEIN_ERROR : PLEIN_OK;
}
