/* person_photo.h — a person's profile photo: process an upload (core/photo.h),
 * store its files, point people.photo at them in one transaction, and remove
 * files no one uses any more. Shared by the page and the API. */
#ifndef PLEIN_PERSON_PHOTO_H
#define PLEIN_PERSON_PHOTO_H
#include "core/photo.h"
#include "db/db.h"

/* Replace person id's photo with the upload. PLEIN_OK; PLEIN_INVALID or
 * PLEIN_TOOBIG (*why says what is wrong with the upload; nothing changed);
 * PLEIN_NOTFOUND; PLEIN_ERROR (storage or database; *why = PHOTO_STORAGE). */
int person_photo_set(struct db *db, int64_t id, const void *data, size_t len, enum photo_problem *why) WARN_UNUSED;
/* Take the photo away (nothing to take is fine). PLEIN_OK, PLEIN_NOTFOUND or PLEIN_ERROR. */
int person_photo_remove(struct db *db, int64_t id) WARN_UNUSED;
#endif
