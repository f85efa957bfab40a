/* demo.h — a synthetic organisation for trying plein and for benchmarks:
 * departments, locations, people with Dutch and English names, titles and a
 * management chain. Deterministic for a given seed. */
#ifndef PLEIN_DEMO_H
#define PLEIN_DEMO_H
#include "db/db.h"

struct demo_result {
	int64_t people;
	int departments;
	char admin_email[64], admin_password[32];
	char member_email[64], member_password[32];
};

/* Create n people (n ≥ 2) in one transaction. progress(done, total) may be NULL. */
int demo_create(struct db *db, int64_t n, uint64_t seed, struct demo_result *out,
                void (*progress)(int64_t done, int64_t total)) WARN_UNUSED;
/* Write the same kind of organisation as a CSV file for `plein import`
 * (header name,email,title,department,location,manager_email,skills,languages),
 * n rows, managers named by e-mail. For import benchmarks and trials. */
int demo_write_csv(FILE *f, int64_t n, uint64_t seed) WARN_UNUSED;
/* Give the demo admin and member new passwords (for `make run` on existing data). */
int demo_reset_passwords(struct db *db, struct demo_result *out) WARN_UNUSED;
#endif
