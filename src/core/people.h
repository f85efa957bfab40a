/* people.h — the people of the organisation: profiles, roles, sign-in
 * credentials and the directory. Strings in a struct person live in the
 * pool it was read into. */
#ifndef PLEIN_PEOPLE_H
#define PLEIN_PEOPLE_H
#include "db/db.h"
#include "lib/pool.h"

#define PERSON_NAME_MAX 100
#define PERSON_FIELD_MAX 100
#define PERSON_BIO_MAX 4000
#define PERSON_EMAIL_MAX 254
#define PERSON_PRONOUNS_MAX 40
#define PERSON_PHONE_MAX 40
#define PEOPLE_QUERY_MAX 200
#define PEOPLE_PAGE_MAX 100

struct person {
	int64_t id;
	const char *email, *name, *title, *department, *location, *bio;
	const char *pronouns, *phone;
	const char *start_date;  /* "YYYY-MM-DD" or "" */
	const char *role;      /* "admin" | "moderator" | "communicator" | "member" | "guest" | "alumni" */
	const char *status;    /* "active" | "deactivated" */
	const char *language;  /* "en", "nl" or NULL (the browser decides) */
	int64_t manager_id;    /* 0: none */
	const char *manager_name;
	int64_t created_at, updated_at;
	const char *photo;     /* content key of the profile photo (core/photo.h), "" for none */
	/* The groups this person is in, as visibility.c needs them: loaded by
	 * visibility_scope_load for a viewer (app.c per request, the live hub per
	 * stream, writers per recipient). NULL: not loaded, so no group content. */
	const struct viewer_scope *scope;
};

/* Profile fields a person edits; NULL means "leave unchanged". */
struct person_fields {
	const char *name, *title, *department, *location, *bio;
	const char *pronouns, *phone, *start_date;
};

bool people_role_valid(const char *role);
bool people_status_valid(const char *status);
/* Validate and normalise (trim) profile fields in place. On failure returns
 * PLEIN_INVALID, *field names the culprit and *msg is an English sentence. */
int people_validate(struct pool *p, struct person_fields *f, const char **field, const char **msg) WARN_UNUSED;
/* NULL when acceptable, else an English sentence. */
const char *people_email_error(const char *email);

int people_count(struct db *db, int64_t *n) WARN_UNUSED;
int people_get(struct db *db, struct pool *p, int64_t id, struct person **out) WARN_UNUSED;
/* By e-mail (case-insensitive); also hands out the password hash (NULL if none). */
int people_get_by_email(struct db *db, struct pool *p, const char *email, struct person **out,
                        const char **password_hash) WARN_UNUSED;
/* Create; PLEIN_CONFLICT when the e-mail is taken. With a password the
 * person is activated (activated_at) at once: now, or p->created_at. */
int people_create(struct db *db, const char *email, const char *name, const char *role,
                  const char *password_hash, int64_t *id_out) WARN_UNUSED;
/* Create with every profile field (demo data, imports); created_at from p. */
int people_create_full(struct db *db, const struct person *p, const char *password_hash, int64_t *id_out) WARN_UNUSED;
int people_update(struct db *db, int64_t id, const struct person_fields *f) WARN_UNUSED;
/* The first password also sets activated_at (never cleared or moved). */
int people_set_password(struct db *db, int64_t id, const char *password_hash) WARN_UNUSED;
int people_set_role(struct db *db, int64_t id, const char *role) WARN_UNUSED;
/* "active" or "deactivated"; deactivating also ends every session of the
 * person (same transaction as the caller's). */
int people_set_status(struct db *db, int64_t id, const char *status) WARN_UNUSED;
/* 0 removes the manager. PLEIN_INVALID when the manager is the person or one
 * of their reports (a cycle), PLEIN_NOTFOUND when either does not exist or
 * the manager is deactivated. */
int people_set_manager(struct db *db, int64_t id, int64_t manager_id) WARN_UNUSED;
/* What administrators change about a person: all four fields are set. */
struct person_change {
	const char *department;
	int64_t manager_id;  /* 0: none */
	const char *role, *status;
};
/* Apply in the caller's transaction. PLEIN_INVALID: the manager would make a
 * loop; PLEIN_CONFLICT: this would leave no active administrator;
 * PLEIN_NOTFOUND: no such person or manager. Deactivating ends sessions. */
int people_manage(struct db *db, int64_t id, const struct person_change *c) WARN_UNUSED;
int people_set_language(struct db *db, int64_t id, const char *language) WARN_UNUSED;
/* Point a person at a photo key ("" for none); PLEIN_NOTFOUND for no such person. */
int people_set_photo(struct db *db, int64_t id, const char *key) WARN_UNUSED;
/* How many people use the photo with this key. */
int people_photo_users(struct db *db, const char *key, int64_t *n) WARN_UNUSED;
/* Everyone whose photo has this key (files are shared by content), by id:
 * fn(arg, person) for each, read into p; a non-zero answer from fn stops
 * the scan and is returned. */
int people_scan_photo(struct db *db, struct pool *p, const char *key,
                      int (*fn)(void *arg, const struct person *x), void *arg) WARN_UNUSED;

/* A page of the directory: people by name, optionally matching q (word
 * prefixes in name, e-mail, title, department; case and accents ignored).
 * cursor: NULL for the first page. *next: NULL on the last page.
 * PLEIN_INVALID for a malformed cursor or query. */
struct people_page {
	struct person **items;
	size_t n;
	const char *next;
};
int people_list(struct db *db, struct pool *p, const char *q, const char *cursor, int limit,
                struct people_page *out) WARN_UNUSED;
/* How many match q (all active people when q is empty). */
int people_count_matching(struct db *db, struct pool *p, const char *q, int64_t *n) WARN_UNUSED;
/* Newest colleagues, for the home page. */
int people_newest(struct db *db, struct pool *p, int limit, struct people_page *out) WARN_UNUSED;
int people_reports(struct db *db, struct pool *p, int64_t manager_id, struct people_page *out) WARN_UNUSED;
/* Active followers of a topic, most recent first, at most limit. */
int people_topic_followers(struct db *db, struct pool *p, int64_t topic_id, int limit, struct people_page *out) WARN_UNUSED;
/* Active people and departments, for the home page. Counting is O(people),
 * so the figures are cached per process for up to STATS_MAX_AGE seconds. */
#define PEOPLE_STATS_MAX_AGE 30
int people_stats(struct db *db, int64_t *people, int64_t *departments) WARN_UNUSED;

/* Every person, by id, for bulk work (imports): fn(arg, person) for each;
 * a non-zero answer from fn stops the scan and is returned. Each person is
 * read into p. */
int people_scan(struct db *db, struct pool *p, int (*fn)(void *arg, const struct person *x), void *arg) WARN_UNUSED;

/* Build an FTS5 query of quoted word prefixes from free text, into the pool;
 * NULL when q holds no words. Exposed for the fuzzer. */
const char *people_fts_query(struct pool *p, const char *q);
#endif
