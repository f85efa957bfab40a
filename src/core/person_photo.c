/* person_photo.c — see person_photo.h. Files are shared by content (two
 * people may upload the same picture), so an old photo's files go only when
 * no one points at them any more. Storing, pointing and that check run under
 * one lock per process, or a file could be removed just as someone else
 * starts using it. (With several plein processes on one photos folder that
 * race is possible again; their files are then left for a later sweep.) */
#include "core/person_photo.h"
#include "core/people.h"
#include "lib/pool.h"
#include <pthread.h>

static pthread_mutex_t photo_lock = PTHREAD_MUTEX_INITIALIZER;

/* Point id at key in one transaction; *old gets the key it had (pool). */
static int point_at(struct db *db, struct pool *p, int64_t id, const char *key, const char **old)
{
	struct person *person;
	int rc = db_begin(db);
	if (rc)
		return PLEIN_ERROR;
	rc = people_get(db, p, id, &person);
	if (!rc)
		rc = people_set_photo(db, id, key);
	if (!rc)
		rc = db_commit(db);
	if (rc) {
		db_rollback(db);
		return rc == PLEIN_NOTFOUND ? rc : PLEIN_ERROR;
	}
	*old = person->photo;
	return PLEIN_OK;
}

/* Remove an old photo's files when no one uses them now. */
static void drop_if_unused(struct db *db, const char *old, const char *now)
{
	int64_t users = 1;
	if (!old || !*old || strcmp(old, now) == 0)
		return;
	if (people_photo_users(db, old, &users) == PLEIN_OK && users == 0)
		photo_remove(old);
}

int person_photo_set(struct db *db, int64_t id, const void *data, size_t len, enum photo_problem *why)
{
	struct photo ph;
	/* the slow part (decoding) outside the lock */
	int rc = photo_process(data, len, &ph, why);
	if (rc)
		return rc;
	struct pool *p = pool_new();
	const char *old = NULL;
	pthread_mutex_lock(&photo_lock);
	rc = photo_store(&ph) ? PLEIN_ERROR : point_at(db, p, id, ph.key, &old);
	if (rc == PLEIN_OK)
		drop_if_unused(db, old, ph.key);
	pthread_mutex_unlock(&photo_lock);
	/* files stored for a person who vanished meanwhile are left for a sweep */
	if (rc == PLEIN_ERROR)
		*why = PHOTO_STORAGE;
	photo_release(&ph);
	pool_free(p);
	return rc;
}

int person_photo_remove(struct db *db, int64_t id)
{
	struct pool *p = pool_new();
	const char *old = NULL;
	pthread_mutex_lock(&photo_lock);
	int rc = point_at(db, p, id, "", &old);
	if (rc == PLEIN_OK)
		drop_if_unused(db, old, "");
	pthread_mutex_unlock(&photo_lock);
	pool_free(p);
	return rc;
}
