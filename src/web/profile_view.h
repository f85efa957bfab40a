/* profile_view.h — view-models for the profile pages: the lists of a profile
 * (skills, languages, interests) as templates see them, the rows of the
 * language picker, suggestions, and the administrators' form. */
#ifndef PLEIN_PROFILE_VIEW_H
#define PLEIN_PROFILE_VIEW_H
#include "http/request.h"
#include "core/people.h"
#include <jansson.h>

/* Add "languages" and "interests" (arrays, null when empty) to o; skills
 * come with their endorsements (page_endorsements_json). */
int profile_view_lists(struct request *req, const struct person *p, json_t *o) WARN_UNUSED;
/* Picker rows for the edit form: the given rows, then blank ones (at least
 * two, at most PROFILE_LANGUAGES_MAX rows in all). */
json_t *profile_view_language_rows(struct request *req, const char *const *codes, const char *const *levels);
/* The most used skills and interests, for the inputs' datalists. */
json_t *profile_view_suggestions(struct request *req);
/* The administrators' form; c NULL: the person's current values. */
json_t *profile_view_manage(struct request *req, const struct person *p, const struct person_change *c,
                            json_t *errors);
/* Read and check the administrators' form; problems go into errors. */
void profile_view_read_manage(struct request *req, const struct person *p, struct person_change *c,
                              json_t *errors);
#endif
