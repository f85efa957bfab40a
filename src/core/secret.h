/* secret.h — the instance secret (32 random bytes, created on first use and
 * kept in the database so every plein node shares it) and keyed tokens
 * derived from it: CSRF tokens are an HMAC of the session, so nothing per
 * form needs storing. */
#ifndef PLEIN_SECRET_H
#define PLEIN_SECRET_H
#include "db/db.h"

int secret_load(struct db *db) WARN_UNUSED;  /* once at start */
/* base64url HMAC of (purpose, data) into out (at least 48 bytes). */
void secret_token(const char *purpose, const void *data, size_t len, char *out, size_t outlen);
/* Constant-time check of a token made by secret_token. */
bool secret_token_check(const char *purpose, const void *data, size_t len, const char *token);
/* Random base64url string of `bytes` random bytes into out. */
void random_token(size_t bytes, char *out, size_t outlen);
#endif
