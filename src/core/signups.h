/* signups.h — sign-ups on a post ("we need volunteers to test the new
 * modem"): an optional cap (places) and deadline, people sign up or
 * withdraw, the author reads the list and downloads it as CSV. The sign-up
 * is created with its post (posts_create, struct post_input.signup). Who may
 * sign up is visibility_can_interact; who may read the list is answered
 * here (signups_may_list: the author, while they may see the post). */
#ifndef PLEIN_SIGNUPS_H
#define PLEIN_SIGNUPS_H
#include "core/people.h"
#include "lib/strbuf.h"

#define SIGNUP_CAP_MAX 100000
#define SIGNUP_DEADLINE_MAX_LEN 40  /* longest deadline text the parser looks at */

struct post;

struct signup {
	int64_t post_id;
	int64_t cap;        /* 0: no limit */
	int64_t deadline;   /* Unix time; 0: none */
	int64_t count;      /* people signed up */
	bool mine;          /* the viewer is among them */
	bool closed;        /* the deadline has passed (at `now` when read) */
	bool full;          /* cap reached */
};

struct signup_entry {
	int64_t person_id;
	const char *name, *email;
	int64_t created_at;
};

/* A deadline as people and clients write it: "YYYY-MM-DD" (the end of that
 * day, server local time), "YYYY-MM-DDTHH:MM[:SS]" (local time, also with a
 * space for the T) or with a zone "…Z" / "…+01:00" (RFC 3339). PLEIN_OK and
 * *out, or PLEIN_INVALID (also for impossible dates like 31 February). */
int signups_parse_deadline(const char *s, size_t len, int64_t *out) WARN_UNUSED;
/* A cap from a form: "" → 0 (no limit), else a whole number 1 … SIGNUP_CAP_MAX
 * (surrounding spaces allowed). PLEIN_OK or PLEIN_INVALID. */
int signups_parse_cap(const char *s, size_t len, int64_t *out) WARN_UNUSED;
/* NULL when a new sign-up with these fields is acceptable at `now`, else an
 * English sentence (N_). */
const char *signups_input_error(int64_t cap, int64_t deadline, int64_t now);

/* Inside the caller's transaction (posts_create): the post carries a
 * sign-up. PLEIN_INVALID with *msg when the fields are not acceptable. */
int signups_attach(struct db *db, int64_t post_id, int64_t cap, int64_t deadline, int64_t now,
                   const char **msg) WARN_UNUSED;
/* The sign-up of a post with its count and whether viewer_id (0: nobody)
 * signed up; PLEIN_NOTFOUND when the post has none. */
int signups_get(struct db *db, int64_t post_id, int64_t viewer_id, int64_t now, struct signup *out) WARN_UNUSED;

/* Sign up / withdraw, each one transaction. The viewer must be allowed to
 * interact with the post (visibility_can_interact, else PLEIN_DENIED).
 * PLEIN_NOTFOUND: the post has no sign-up; PLEIN_INVALID: the deadline has
 * passed; PLEIN_CONFLICT: every place is taken (the cap is checked by the
 * inserting statement itself, inside the write transaction, so concurrent
 * sign-ups never exceed it). Signing up twice or withdrawing when not signed
 * up changes nothing and is PLEIN_OK. English *msg (N_) with a refusal. */
int signups_join(struct db *db, const struct person *viewer, const struct post *post, int64_t now,
                 const char **msg) WARN_UNUSED;
int signups_withdraw(struct db *db, const struct person *viewer, const struct post *post, int64_t now,
                     const char **msg) WARN_UNUSED;

/* Who may read the names: the post's author, while they may see the post. */
bool signups_may_list(const struct person *viewer, const struct post *post);
/* Everyone signed up, in the order they did. */
int signups_list(struct db *db, struct pool *p, int64_t post_id, struct signup_entry **out, size_t *n_out) WARN_UNUSED;

/* One CSV cell (RFC 4180): quoted when it holds a comma, quote, CR or LF,
 * quotes doubled; a cell a spreadsheet would run as a formula (starting
 * with = + - @, a tab or CR) gets a leading ' first. */
void signups_csv_cell(struct strbuf *out, const char *s);
/* The list as CSV: a UTF-8 byte order mark (so spreadsheets read names
 * right), the header row, then name, e-mail and time (RFC 3339, UTC); CRLF
 * line ends. PLEIN_TOOBIG when out's limit is reached. */
int signups_csv(const struct signup_entry *e, size_t n, const char *const header[3], struct strbuf *out) WARN_UNUSED;
#endif
