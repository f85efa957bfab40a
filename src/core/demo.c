/* demo.c — see demo.h. Names and titles are lists; the structure is: a
 * director, a head per department reporting to the director, team leads
 * reporting to their head (one per ~8 people), everyone else to a lead. */
#include "core/demo.h"
#include "core/expertise.h"
#include "core/password.h"
#include "core/people.h"
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

static uint64_t rng_state;

static uint64_t rnd(void)
{
	/* splitmix64: tiny, fast, and the same sequence on every machine */
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static size_t pick(size_t n)
{
	return (size_t)(rnd() % n);
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
	rng_state = seed;
	snprintf(out->admin_email, sizeof(out->admin_email), "admin@example.com");
	snprintf(out->member_email, sizeof(out->member_email), "member@example.com");
	random_token(12, out->admin_password, sizeof(out->admin_password));
	random_token(12, out->member_password, sizeof(out->member_password));
	if (password_hash(out->admin_password, admin_hash) || password_hash(out->member_password, member_hash))
		return PLEIN_ERROR;
	heads = xcalloc((size_t)n_dept, sizeof(*heads));
	leads = xcalloc((size_t)cap_leads, sizeof(*leads));
	if (db_begin(db))
		goto out;

	/* the director, who is also the demo administrator */
	struct person p = { .email = out->admin_email, .name = "Femke Jansen", .title = "Director",
	                    .department = "Management", .location = "Utrecht", .role = "admin",
	                    .bio = "Director of the demo organisation and administrator of this plein.",
	                    .created_at = now - 3 * 365 * 86400 };
	int64_t director, id;
	if (people_create_full(db, &p, admin_hash, &director))
		goto out;
	for (int d = 0; d < n_dept && d + 1 < n; d++) {
		const char *first = first_names[pick(ARRAY_LEN(first_names))], *last = last_names[pick(ARRAY_LEN(last_names))];
		strbuf_reset(&name);
		(void)strbuf_addf(&name, "%s %s", first, last);
		email_of(&email, first, last, d + 1);
		struct person h = { .email = email.buf, .name = name.buf, .department = departments[d].name,
		                    .title = "Head of department", .location = locations[d % 4],
		                    .manager_id = director, .bio = bios[pick(ARRAY_LEN(bios))],
		                    .created_at = now - (int64_t)pick(3 * 365) * 86400 - 86400 };
		if (people_create_full(db, &h, NULL, &heads[d]))
			goto out;
		leads[n_leads++] = heads[d];
	}
	int64_t made = 1 + n_dept;
	for (int64_t i = made; i < n; i++) {
		const char *first = first_names[pick(ARRAY_LEN(first_names))], *last = last_names[pick(ARRAY_LEN(last_names))];
		int d = (int)pick((size_t)n_dept);
		bool member = i == made;  /* the first ordinary colleague is the demo member */
		bool lead = !member && n_leads < cap_leads && pick(8) == 0;
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
			.title = lead ? "Team lead" : departments[d].titles[pick(4)],
			.location = locations[pick(ARRAY_LEN(locations))],
			.manager_id = lead || n_leads == 0 ? heads[d] : leads[pick((size_t)n_leads)],
			.bio = bios[pick(ARRAY_LEN(bios))],
			.created_at = now - (int64_t)pick(3 * 365 * 24) * 3600 - 3600,
			.role = "member",
		};
		if (people_create_full(db, &x, member ? member_hash : NULL, &id))
			goto out;
		if (lead)
			leads[n_leads++] = id;
		if (progress && i % 10000 == 0)
			progress(i, n);
	}
	if (db_commit(db))
		goto out;
	/* "who knows X" reads a derived index: build it from what was made */
	if (expertise_reindex_all(db))
		goto out;
	out->people = n;
	out->departments = n_dept;
	rc = PLEIN_OK;
out:
	if (rc)
		db_rollback(db);
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
