/* import.h — bringing the organisation in from a CSV file (a spreadsheet
 * export): one person per row, columns
 *     name,email,title,department,location,manager_email,skills,languages
 * in any order after a required header row (name and email required; a
 * column left out of the header is left unchanged on people who exist).
 * skills are separated by ";" (or ","), languages look like
 * "fr:native;en:fluent". People are matched by e-mail, ignoring case:
 * existing ones are updated, new ones created without a password (they
 * join through an invitation). Every row is checked first and every problem
 * reported with the physical line where its row starts; a single problem and
 * nothing is written. Otherwise everything is written in one transaction,
 * managers in a second pass so a row may name a manager further down. */
#ifndef PLEIN_IMPORT_H
#define PLEIN_IMPORT_H
#include "db/db.h"
#include "lib/pool.h"

#define IMPORT_MAX_BYTES ((size_t)50 << 20)
#define IMPORT_MAX_ROWS 200000
#define IMPORT_ERRORS_MAX 1000   /* listed in a report; more are counted */

struct import_error {
	int64_t line;          /* physical line (from 1) where the row starts; 0 for the whole file */
	const char *message;   /* English, lower-case start: "the e-mail address \"x\" is not valid" */
};

struct import_report {
	bool dry_run;
	int64_t rows;                      /* data rows read (the header not counted) */
	int64_t created, updated, unchanged; /* done, or what a dry run would do */
	struct import_error *errors;       /* by line, at most IMPORT_ERRORS_MAX */
	size_t n_errors;
	int64_t total_errors;              /* every problem found, listed or not */
};

/* Check the CSV in data[0..len) and, unless dry_run or a problem was found,
 * write it in one transaction (audit-logged for actor_id, 0 for the
 * console). Everything in *out lives in the pool.
 * PLEIN_OK: no problems (written unless dry run); PLEIN_INVALID: problems
 * listed in *out, nothing written; PLEIN_ERROR: the database failed,
 * nothing written. */
int import_people_csv(struct db *db, struct pool *p, const char *data, size_t len, bool dry_run,
                      int64_t actor_id, const char *address, struct import_report *out) WARN_UNUSED;
#endif
