/* import.c — see import.h. Three steps: parse and check every row (libcsv,
 * fed one physical line at a time so each row knows the line it starts on);
 * check what needs the whole file and the database (managers known and
 * active, no loops); then, if nothing was wrong, write. The last two run in
 * one write transaction, so nothing changes between checking and writing. */
#include "core/import.h"
#include "core/expertise.h"
#include "core/audit.h"
#include "core/people.h"
#include "core/profile.h"
#include "lib/strbuf.h"
#include "lib/utf8.h"
#include <csv.h>
#include <strings.h>
#include <time.h>

enum col { C_NAME, C_EMAIL, C_TITLE, C_DEPARTMENT, C_LOCATION, C_MANAGER, C_SKILLS, C_LANGUAGES, C_COUNT };
static const char *const col_names[C_COUNT] = {
	"name", "email", "title", "department", "location", "manager_email", "skills", "languages",
};
static const char *const col_labels[C_COUNT] = {
	"name", "e-mail address", "title", "department", "location", "manager's e-mail address", "skills", "languages",
};

#define ROW_FIELDS_MAX 64       /* fields kept per row; more are only counted */
#define SHOWN_MAX 60            /* characters of a value quoted in a message */
#define CSV_ROW_NOT_BEGUN 0     /* libcsv's parser state between rows (libcsv.c) */

/* A string → index map (open addressing), keys ASCII-lowercased, as
 * SQLite's NOCASE compares e-mail addresses. */
struct strmap {
	const char **keys;
	int64_t *vals;
	size_t cap, n;
};

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static void map_release(struct strmap *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

static void map_put_raw(struct strmap *m, const char *key, int64_t val)
{
	size_t i = hash_str(key) & (m->cap - 1);
	while (m->keys[i] && strcmp(m->keys[i], key) != 0)
		i = (i + 1) & (m->cap - 1);
	if (!m->keys[i])
		m->n++;
	m->keys[i] = key;
	m->vals[i] = val;
}

static void map_put(struct strmap *m, const char *key, int64_t val)
{
	if ((m->n + 1) * 2 > m->cap) {
		struct strmap bigger = { xcalloc(m->cap ? m->cap * 2 : 64, sizeof(char *)), NULL,
		                         m->cap ? m->cap * 2 : 64, 0 };
		bigger.vals = xcalloc(bigger.cap, sizeof(int64_t));
		for (size_t i = 0; i < m->cap; i++)
			if (m->keys[i])
				map_put_raw(&bigger, m->keys[i], m->vals[i]);
		map_release(m);
		*m = bigger;
	}
	map_put_raw(m, key, val);
}

/* true and *val when present */
static bool map_get(const struct strmap *m, const char *key, int64_t *val)
{
	if (!m->cap)
		return false;
	size_t i = hash_str(key) & (m->cap - 1);
	while (m->keys[i]) {
		if (strcmp(m->keys[i], key) == 0) {
			*val = m->vals[i];
			return true;
		}
		i = (i + 1) & (m->cap - 1);
	}
	return false;
}

static char *lower(struct pool *p, const char *s)
{
	char *out = pool_strdup(p, s);
	for (char *c = out; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c | 0x20);
	return out;
}

/* A row that passed every check of its own. */
struct row {
	int64_t line;
	const char *v[C_COUNT];    /* trimmed values; NULL when the column is not in the file */
	const char *email_key, *manager_key;  /* lowercased; manager_key NULL when none */
	struct tag_list skills;
	struct language_list languages;
	int64_t db_index;          /* the existing person (index into db people), or -1 */
	int64_t manager_node;      /* resolved in the second step; -1 none */
	int64_t person_id;         /* set when written */
	bool bad;                  /* has problems of its own: kept for the checks across rows only */
};

struct db_person {
	int64_t id, manager_id;
	const char *email_key, *name, *title, *department, *location;
	bool active;               /* a deactivated person manages no one (people_set_manager) */
};

struct import {
	struct pool *p;
	struct import_report *rep;
	struct csv_parser csv;
	/* the row being read */
	struct strbuf fields;
	size_t off[ROW_FIELDS_MAX], len[ROW_FIELDS_MAX], n_fields;
	int64_t row_line;          /* line where the row being read started */
	bool row_broken;           /* a parse error was reported for it */
	/* the header */
	bool header_done, fatal;
	int pos[C_COUNT];          /* field position of each column, -1 when absent */
	size_t n_cols;
	/* the rows */
	struct row *rows;
	size_t n_rows, cap_rows;
	struct strmap emails;      /* e-mail → row index */
	struct strmap db_emails;   /* e-mail → db person index */
	struct db_person *db;
	size_t n_db, cap_db;
	struct import_error *errs;
	size_t n_errs, cap_errs;
};

static void add_error(struct import *im, int64_t line, const char *msg)
{
	im->rep->total_errors++;
	if (im->n_errs >= IMPORT_ERRORS_MAX)
		return;
	if (im->n_errs == im->cap_errs) {
		im->cap_errs = im->cap_errs ? im->cap_errs * 2 : 16;
		im->errs = xrealloc(im->errs, st_mult(im->cap_errs, sizeof(*im->errs)));
	}
	im->errs[im->n_errs++] = (struct import_error){ line, msg };
}

/* A value for a message: at most SHOWN_MAX characters of valid UTF-8. */
static const char *shown(struct pool *p, const char *s)
{
	size_t chars = 0, i = 0, n = strlen(s);
	while (i < n && chars < SHOWN_MAX) {
		unsigned char c = (unsigned char)s[i];
		i += c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : 4;
		chars++;
	}
	if (i >= n)
		return s;
	return pool_printf(p, "%.*s…", (int)i, s);
}

static const char *trim(struct pool *p, const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return pool_strndup(p, s, n);
}

/* ---- step 1: the header and each row ------------------------------------ */

static void on_field(void *s, size_t len, void *arg)
{
	struct import *im = arg;
	if (im->fatal || im->row_broken)
		return;
	if (im->n_fields < ROW_FIELDS_MAX) {
		im->off[im->n_fields] = im->fields.len;
		im->len[im->n_fields] = len;
		/* cannot fail: the buffer's limit is above the largest file accepted */
		(void)strbuf_add(&im->fields, s ? s : "", len);
		(void)strbuf_addch(&im->fields, '\0');
	}
	im->n_fields++;
}

static const char *field(struct import *im, size_t i)
{
	return im->fields.buf + im->off[i];
}

static void read_header(struct import *im)
{
	struct pool *p = im->p;
	bool bad = false;
	for (int c = 0; c < C_COUNT; c++)
		im->pos[c] = -1;
	if (im->n_fields > ROW_FIELDS_MAX) {
		add_error(im, im->row_line, pool_printf(p, "the header has %zu columns; plein knows only %d", im->n_fields,
		                                        C_COUNT));
		im->fatal = true;
		return;
	}
	for (size_t i = 0; i < im->n_fields; i++) {
		const char *raw = field(im, i);
		size_t n = im->len[i];
		if (i == 0 && n >= 3 && memcmp(raw, "\xef\xbb\xbf", 3) == 0) {  /* a spreadsheet's byte order mark */
			raw += 3;
			n -= 3;
		}
		if (!utf8_valid(raw, n) || utf8_has_control(raw, n, false)) {
			add_error(im, im->row_line, pool_printf(p, "column %zu of the header is not valid text", i + 1));
			bad = true;
			continue;
		}
		const char *name = trim(p, raw, n);
		int c;
		for (c = 0; c < C_COUNT; c++)
			if (strcasecmp(name, col_names[c]) == 0)
				break;
		if (c == C_COUNT) {
			add_error(im, im->row_line, pool_printf(p, "unknown column \"%s\" in the header; the columns are "
				"name, email, title, department, location, manager_email, skills and languages", shown(p, name)));
			bad = true;
		} else if (im->pos[c] >= 0) {
			add_error(im, im->row_line, pool_printf(p, "the column \"%s\" appears twice in the header", col_names[c]));
			bad = true;
		} else {
			im->pos[c] = (int)i;
		}
	}
	for (int c = C_NAME; c <= C_EMAIL; c++)
		if (im->pos[c] < 0) {
			add_error(im, im->row_line, pool_printf(p, "the header has no \"%s\" column, which is required",
			                                        col_names[c]));
			bad = true;
		}
	im->n_cols = im->n_fields;
	im->header_done = true;
	im->fatal = bad;
}

static bool check_email(struct import *im, const char *value, bool manager, const char **key)
{
	if (people_email_error(value)) {
		add_error(im, im->row_line, pool_printf(im->p, "the %s \"%s\" is not valid",
		                                        manager ? "manager's e-mail address" : "e-mail address",
		                                        shown(im->p, value)));
		return false;
	}
	*key = lower(im->p, value);
	return true;
}

static void read_row(struct import *im)
{
	struct pool *p = im->p;
	struct row r = { .line = im->row_line, .db_index = -1, .manager_node = -1 };
	int64_t before = im->rep->total_errors;
	if (++im->rep->rows > IMPORT_MAX_ROWS) {
		add_error(im, im->row_line, pool_printf(p, "the file has more than %d rows; please split it", IMPORT_MAX_ROWS));
		im->fatal = true;
		return;
	}
	if (im->n_fields != im->n_cols) {
		add_error(im, im->row_line, pool_printf(p, "this row has %zu field%s, but the header has %zu columns",
		                                        im->n_fields, im->n_fields == 1 ? "" : "s", im->n_cols));
		return;
	}
	for (int c = 0; c < C_COUNT; c++) {
		if (im->pos[c] < 0)
			continue;
		const char *raw = field(im, (size_t)im->pos[c]);
		size_t n = im->len[im->pos[c]];
		if (!utf8_valid(raw, n)) {
			add_error(im, im->row_line, pool_printf(p, "the %s is not valid UTF-8 text (save the file as UTF-8)",
			                                        col_labels[c]));
			continue;
		}
		if (utf8_has_control(raw, n, false)) {
			add_error(im, im->row_line, pool_printf(p, "the %s contains control characters (such as a line break)",
			                                        col_labels[c]));
			continue;
		}
		r.v[c] = trim(p, raw, n);
	}
	/* the name and scalar fields */
	static const struct { int col; size_t max; } lengths[] = {
		{ C_NAME, PERSON_NAME_MAX }, { C_TITLE, PERSON_FIELD_MAX }, { C_DEPARTMENT, PERSON_FIELD_MAX },
		{ C_LOCATION, PERSON_FIELD_MAX },
	};
	if (r.v[C_NAME] && !*r.v[C_NAME])
		add_error(im, im->row_line, "the name is missing");
	for (size_t i = 0; i < ARRAY_LEN(lengths); i++) {
		const char *v = r.v[lengths[i].col];
		if (v && utf8_length(v, strlen(v)) > lengths[i].max)
			add_error(im, im->row_line, pool_printf(p, "the %s is longer than %zu characters",
			                                        col_labels[lengths[i].col], lengths[i].max));
	}
	/* e-mail: valid and once in the file */
	bool email_ok = false;
	if (r.v[C_EMAIL] && !*r.v[C_EMAIL]) {
		add_error(im, im->row_line, "the e-mail address is missing");
	} else if (r.v[C_EMAIL] && check_email(im, r.v[C_EMAIL], false, &r.email_key)) {
		int64_t other;
		if (map_get(&im->emails, r.email_key, &other)) {
			add_error(im, im->row_line, pool_printf(p, "the e-mail address \"%s\" is also on line %lld",
			                                        shown(p, r.v[C_EMAIL]), (long long)im->rows[other].line));
		} else {
			email_ok = true;
		}
	}
	if (r.v[C_MANAGER] && *r.v[C_MANAGER] && check_email(im, r.v[C_MANAGER], true, &r.manager_key) &&
	    r.email_key && strcmp(r.manager_key, r.email_key) == 0) {
		add_error(im, im->row_line, "a person cannot be their own manager");
		r.manager_key = NULL;
	}
	const char *msg;
	if (r.v[C_SKILLS] && profile_tags_parse(p, r.v[C_SKILLS], PROFILE_SKILLS_MAX, &r.skills, &msg)) {
		if (strncmp(msg, "At most", 7) == 0)
			msg = pool_printf(p, "there are more than %d skills", PROFILE_SKILLS_MAX);
		else if (strncmp(msg, "Each entry", 10) == 0)
			msg = pool_printf(p, "a skill is longer than %d characters", PROFILE_TAG_MAX);
		else
			msg = "a skill contains characters that are not allowed";
		add_error(im, im->row_line, msg);
	}
	if (r.v[C_LANGUAGES] && profile_languages_parse(p, r.v[C_LANGUAGES], &r.languages, &msg))
		add_error(im, im->row_line, pool_printf(p, "languages: %s", msg));
	if (!r.v[C_SKILLS])
		r.skills.n = 0;
	if (!r.v[C_LANGUAGES])
		r.languages.n = 0;

	/* a row with problems is kept for the checks across rows: its address
	 * is in the file for others' managers, its own manager is checked */
	r.bad = im->rep->total_errors != before;
	if (email_ok)
		map_put(&im->emails, r.email_key, (int64_t)im->n_rows);
	else
		r.email_key = NULL;
	if (im->n_rows == im->cap_rows) {
		im->cap_rows = im->cap_rows ? im->cap_rows * 2 : 256;
		im->rows = xrealloc(im->rows, st_mult(im->cap_rows, sizeof(*im->rows)));
	}
	im->rows[im->n_rows++] = r;
}

static void on_row(int c, void *arg)
{
	struct import *im = arg;
	UNUSED(c);
	if (!im->fatal && !im->row_broken) {
		if (!im->header_done)
			read_header(im);
		else
			read_row(im);
	}
	strbuf_reset(&im->fields);
	im->n_fields = 0;
	im->row_broken = false;
}

static void parser_start(struct import *im)
{
	if (csv_init(&im->csv, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL))
		BUG("csv_init");
}

/* Feed data one physical line at a time (a line ends with \n, \r\n or a
 * lone \r): whenever the parser is between rows at a line's start, a row
 * that begins now begins on this line, however many lines it spans. */
static void parse(struct import *im, const char *data, size_t len)
{
	size_t pos = 0;
	int64_t line = 0;
	parser_start(im);
	while (pos < len && !im->fatal) {
		size_t end = pos;
		while (end < len && data[end] != '\n' && data[end] != '\r')
			end++;
		if (end < len)
			end += data[end] == '\r' && end + 1 < len && data[end + 1] == '\n' ? 2 : 1;
		line++;
		if (im->csv.pstate == CSV_ROW_NOT_BEGUN)
			im->row_line = line;
		size_t done = csv_parse(&im->csv, data + pos, end - pos, on_field, on_row, im);
		if (done < end - pos) {
			if (csv_error(&im->csv) != CSV_EPARSE)
				BUG("csv_parse ran out of memory");
			add_error(im, im->row_line, im->row_line == line
				? "a quote (\") is out of place: quote the whole field, and double any quote inside it (\"\")"
				: pool_printf(im->p, "a quote (\") is out of place on line %lld: quote the whole field, and double "
				                     "any quote inside it (\"\")", (long long)line));
			/* start afresh on the next line; the row in progress is dropped */
			if (!im->header_done)
				im->fatal = true;
			csv_free(&im->csv);
			parser_start(im);
			strbuf_reset(&im->fields);
			im->n_fields = 0;
			im->row_broken = false;
		}
		pos = end;
	}
	if (!im->fatal && csv_fini(&im->csv, on_field, on_row, im) != 0) {
		add_error(im, im->row_line, "a quoted field is never closed: a closing quote (\") is missing");
		if (!im->header_done)
			im->fatal = true;
	}
	csv_free(&im->csv);
}

/* ---- step 2: managers and loops ------------------------------------------ */

static int collect_person(void *arg, const struct person *x)
{
	struct import *im = arg;
	if (im->n_db == im->cap_db) {
		im->cap_db = im->cap_db ? im->cap_db * 2 : 256;
		im->db = xrealloc(im->db, st_mult(im->cap_db, sizeof(*im->db)));
	}
	struct db_person *d = &im->db[im->n_db];
	*d = (struct db_person){ x->id, x->manager_id, lower(im->p, x->email), x->name, x->title, x->department,
	                         x->location, strcmp(x->status, "active") == 0 };
	map_put(&im->db_emails, d->email_key, (int64_t)im->n_db);
	im->n_db++;
	return 0;
}

/* The db person with this id (the scan is ordered by id), or -1. */
static int64_t db_by_id(struct import *im, int64_t id)
{
	size_t lo = 0, hi = im->n_db;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (im->db[mid].id == id)
			return (int64_t)mid;
		if (im->db[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* Nodes of the manager graph: rows 0..n_rows-1, then db people not in the file. */
static int64_t node_of_key(struct import *im, const char *key)
{
	int64_t v;
	if (map_get(&im->emails, key, &v))
		return v;  /* -1 and below: a row with problems, already reported */
	if (map_get(&im->db_emails, key, &v))
		return (int64_t)im->n_rows + v;
	return -1;
}

static int64_t next_node(struct import *im, int64_t node)
{
	if (node < (int64_t)im->n_rows) {
		struct row *r = &im->rows[node];
		if (r->bad)
			return -1;  /* reported already; its links are not to be trusted */
		if (r->v[C_MANAGER] || r->db_index < 0)
			return r->manager_node;
		node = (int64_t)im->n_rows + r->db_index;
	}
	struct db_person *d = &im->db[node - (int64_t)im->n_rows];
	if (!d->manager_id)
		return -1;
	int64_t m = db_by_id(im, d->manager_id);
	return m < 0 ? -1 : node_of_key(im, im->db[m].email_key);
}

static const char *node_email(struct import *im, int64_t node)
{
	return node < (int64_t)im->n_rows ? im->rows[node].v[C_EMAIL] : im->db[node - (int64_t)im->n_rows].email_key;
}

static void report_loop(struct import *im, const int64_t *path, size_t from, size_t to)
{
	struct strbuf sb;
	int64_t line = INT64_MAX;
	strbuf_init(&sb, 4096);
	for (size_t i = from; i <= to; i++) {
		if (path[i] < (int64_t)im->n_rows && im->rows[path[i]].line < line)
			line = im->rows[path[i]].line;
		if (i - from < 6 || i == to)
			(void)strbuf_addf(&sb, "%s%s", i == from ? "" : " → ", shown(im->p, node_email(im, path[i])));
		else if (i - from == 6)
			(void)strbuf_addstr(&sb, " → …");
	}
	(void)strbuf_addf(&sb, " → %s", shown(im->p, node_email(im, path[from])));
	if (line != INT64_MAX)  /* a loop only among people already in plein is not this file's doing */
		add_error(im, line, pool_printf(im->p, "the managers form a loop: %s", sb.buf));
	strbuf_release(&sb);
}

static void check_managers(struct import *im)
{
	for (size_t i = 0; i < im->n_rows; i++) {
		struct row *r = &im->rows[i];
		int64_t v;
		if (r->email_key && map_get(&im->db_emails, r->email_key, &v))
			r->db_index = v;
	}
	for (size_t i = 0; i < im->n_rows; i++) {
		struct row *r = &im->rows[i];
		if (!r->manager_key)
			continue;
		int64_t v, db_index = -1;
		if (map_get(&im->emails, r->manager_key, &v)) {
			r->manager_node = v;
			if (v >= 0)
				db_index = im->rows[v].db_index;
		} else if (map_get(&im->db_emails, r->manager_key, &v)) {
			r->manager_node = (int64_t)im->n_rows + v;
			db_index = v;
		} else {
			add_error(im, r->line, pool_printf(im->p, "the manager \"%s\" is neither in this file nor in plein",
			                                   shown(im->p, r->v[C_MANAGER])));
			continue;
		}
		/* an import does not change anyone's status, so a deactivated
		 * manager stays one and writing the link would fail */
		if (db_index >= 0 && !im->db[db_index].active)
			add_error(im, r->line, pool_printf(im->p, "the manager %s is deactivated",
			                                   shown(im->p, r->v[C_MANAGER])));
	}
	/* loops: walk up from every row; colour 1 = on the current path, 2 = done */
	size_t n_nodes = im->n_rows + im->n_db, cap = 64, len;
	unsigned char *colour = xcalloc(n_nodes ? n_nodes : 1, 1);
	int64_t *path = xmalloc(cap * sizeof(*path));
	for (size_t start = 0; start < im->n_rows; start++) {
		len = 0;
		for (int64_t node = (int64_t)start; node >= 0 && colour[node] != 2;) {
			if (colour[node] == 1) {
				size_t from = 0;
				while (path[from] != node)
					from++;
				report_loop(im, path, from, len - 1);
				break;
			}
			colour[node] = 1;
			if (len == cap) {
				cap *= 2;
				path = xrealloc(path, st_mult(cap, sizeof(*path)));
			}
			path[len++] = node;
			node = next_node(im, node);
		}
		for (size_t i = 0; i < len; i++)
			colour[path[i]] = 2;
	}
	free(colour);
	free(path);
}

/* ---- step 3: what changes, and writing it --------------------------------- */

static bool same_text(const char *new_value, const char *old)
{
	return !new_value || strcmp(new_value, old) == 0;
}

static int64_t manager_id_of(struct import *im, struct row *r)
{
	if (r->manager_node < 0)
		return 0;
	if (r->manager_node < (int64_t)im->n_rows) {
		struct row *m = &im->rows[r->manager_node];
		return m->db_index >= 0 ? im->db[m->db_index].id : m->person_id;  /* a new one: 0 until written */
	}
	return im->db[r->manager_node - (int64_t)im->n_rows].id;
}

static bool manager_changes(struct import *im, struct row *r)
{
	if (!r->v[C_MANAGER])
		return false;
	int64_t old = r->db_index >= 0 ? im->db[r->db_index].manager_id : 0;
	if (r->manager_node >= 0 && r->manager_node < (int64_t)im->n_rows && im->rows[r->manager_node].db_index < 0)
		return true;  /* a manager created by this import */
	return manager_id_of(im, r) != old;
}

struct plan {
	bool create, fields, skills, languages, manager;
};

static int plan_row(struct import *im, struct db *db, struct row *r, struct plan *pl)
{
	memset(pl, 0, sizeof(*pl));
	pl->manager = manager_changes(im, r);
	if (r->db_index < 0) {
		pl->create = true;
		pl->skills = r->skills.n > 0;
		pl->languages = r->languages.n > 0;
		return PLEIN_OK;
	}
	struct db_person *d = &im->db[r->db_index];
	pl->fields = !same_text(r->v[C_NAME], d->name) || !same_text(r->v[C_TITLE], d->title) ||
	             !same_text(r->v[C_DEPARTMENT], d->department) || !same_text(r->v[C_LOCATION], d->location);
	if (r->v[C_SKILLS]) {
		struct tag_list now;
		if (profile_skills_get(db, im->p, d->id, &now))
			return PLEIN_ERROR;
		pl->skills = now.n != r->skills.n;
		for (size_t i = 0; !pl->skills && i < now.n; i++)
			pl->skills = strcasecmp(now.items[i], r->skills.items[i]) != 0;
	}
	if (r->v[C_LANGUAGES]) {
		struct language_list now;
		if (profile_languages_get(db, im->p, d->id, &now))
			return PLEIN_ERROR;
		pl->languages = now.n != r->languages.n;
		for (size_t i = 0; !pl->languages && i < r->languages.n; i++) {
			bool found = false;
			for (size_t j = 0; j < now.n && !found; j++)
				found = strcmp(now.items[j].code, r->languages.items[i].code) == 0 &&
				        now.items[j].level == r->languages.items[i].level;
			pl->languages = !found;
		}
	}
	return PLEIN_OK;
}

static int write_rows(struct import *im, struct db *db, struct plan *plans)
{
	int64_t now = time(NULL);
	int rc = PLEIN_OK;
	for (size_t i = 0; rc == PLEIN_OK && i < im->n_rows; i++) {
		struct row *r = &im->rows[i];
		struct plan *pl = &plans[i];
		if (pl->create) {
			struct person x = { .email = r->v[C_EMAIL], .name = r->v[C_NAME], .title = r->v[C_TITLE],
			                    .department = r->v[C_DEPARTMENT], .location = r->v[C_LOCATION],
			                    .role = "member", .created_at = now };
			rc = people_create_full(db, &x, NULL, &r->person_id);
			/* title and department are signals of "who knows X" even
			 * without skills (people_update reindexes by itself) */
			if (rc == PLEIN_OK)
				rc = expertise_reindex(db, r->person_id);
		} else {
			r->person_id = im->db[r->db_index].id;
			if (pl->fields) {
				struct person_fields f = { .name = r->v[C_NAME], .title = r->v[C_TITLE],
				                           .department = r->v[C_DEPARTMENT], .location = r->v[C_LOCATION] };
				rc = people_update(db, r->person_id, &f);
			}
		}
		if (rc == PLEIN_OK && pl->skills)
			rc = profile_skills_set(db, r->person_id, &r->skills);
		if (rc == PLEIN_OK && pl->languages)
			rc = profile_languages_set(db, r->person_id, &r->languages);
	}
	/* managers last: first every changing link is cut, then the new ones are
	 * made; the final chart has no loop, so no step on the way has one */
	for (size_t i = 0; rc == PLEIN_OK && i < im->n_rows; i++)
		if (plans[i].manager && !plans[i].create)
			rc = people_set_manager(db, im->rows[i].person_id, 0);
	for (size_t i = 0; rc == PLEIN_OK && i < im->n_rows; i++) {
		int64_t m = manager_id_of(im, &im->rows[i]);
		if (plans[i].manager && m)
			rc = people_set_manager(db, im->rows[i].person_id, m);
	}
	return rc;
}

/* Errors by line; insertion sort keeps the order of one line's problems
 * (at most IMPORT_ERRORS_MAX, nearly sorted already). */
static void sort_errors(struct import_error *e, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		struct import_error x = e[i];
		size_t j = i;
		while (j > 0 && e[j - 1].line > x.line) {
			e[j] = e[j - 1];
			j--;
		}
		e[j] = x;
	}
}

int import_people_csv(struct db *db, struct pool *p, const char *data, size_t len, bool dry_run,
                      int64_t actor_id, const char *address, struct import_report *out)
{
	struct import im = { .p = p, .rep = out };
	struct plan *plans = NULL;
	bool in_transaction = false;
	int rc = PLEIN_INVALID;
	memset(out, 0, sizeof(*out));
	out->dry_run = dry_run;
	strbuf_init(&im.fields, IMPORT_MAX_BYTES + 1024);

	if (len > IMPORT_MAX_BYTES) {
		add_error(&im, 0, pool_printf(p, "the file is larger than %zu MB; please split it", IMPORT_MAX_BYTES >> 20));
		goto report;
	}
	parse(&im, data, len);
	if (!im.header_done) {
		if (!im.rep->total_errors)
			add_error(&im, 1, "the file is empty: it needs a header row (name,email,…) and one row per person");
		goto report;
	}
	if (im.fatal)
		goto report;
	if (out->rows == 0) {
		add_error(&im, 1, "the file has a header but no rows of people");
		goto report;
	}
	/* a real import plans inside its write transaction (BEGIN IMMEDIATE):
	 * what it checked against (addresses taken, the chart without loops)
	 * cannot change before it writes, whatever else edits people meanwhile.
	 * A dry run only reads. */
	if (!dry_run) {
		if (db_begin(db)) {
			rc = PLEIN_ERROR;
			goto out;
		}
		in_transaction = true;
	}
	if (people_scan(db, p, collect_person, &im)) {
		rc = PLEIN_ERROR;
		goto out;
	}
	check_managers(&im);
	if (out->total_errors)
		goto report;

	plans = xcalloc(im.n_rows, sizeof(*plans));
	for (size_t i = 0; i < im.n_rows; i++) {
		if (plan_row(&im, db, &im.rows[i], &plans[i])) {
			rc = PLEIN_ERROR;
			goto out;
		}
		struct plan *pl = &plans[i];
		if (pl->create)
			out->created++;
		else if (pl->fields || pl->skills || pl->languages || pl->manager)
			out->updated++;
		else
			out->unchanged++;
	}
	if (dry_run) {
		rc = PLEIN_OK;
		goto out;
	}
	/* one rebuild of "who knows X" per person, not one per list written */
	expertise_defer_begin();
	if (write_rows(&im, db, plans)) {
		if (expertise_defer_end(db, false))
			BUG("forgetting deferred reindexing cannot fail");
		rc = PLEIN_ERROR;
		goto out;
	}
	if (expertise_defer_end(db, true) || db_commit(db)) {
		rc = PLEIN_ERROR;
		goto out;
	}
	in_transaction = false;
	audit_log(db, actor_id, "people_import", pool_printf(p, "%lld created, %lld updated, %lld unchanged",
	          (long long)out->created, (long long)out->updated, (long long)out->unchanged), address);
	rc = PLEIN_OK;
	goto out;

report:
	rc = PLEIN_INVALID;
out:
	if (in_transaction)
		db_rollback(db);  /* nothing written, or all of it undone */
	if (rc != PLEIN_OK)
		out->created = out->updated = out->unchanged = 0;
	if (im.n_errs) {
		out->errors = pool_alloc(p, st_mult(im.n_errs, sizeof(*out->errors)));
		memcpy(out->errors, im.errs, im.n_errs * sizeof(*out->errors));
		out->n_errors = im.n_errs;
		sort_errors(out->errors, out->n_errors);
	}
	free(plans);
	free(im.errs);
	free(im.rows);
	free(im.db);
	map_release(&im.emails);
	map_release(&im.db_emails);
	strbuf_release(&im.fields);
	return rc;
}
