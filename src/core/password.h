/* password.h — password hashing (argon2id via libsodium) and the policy.
 * Verification of an unknown account runs against a dummy hash, so "no such
 * person" and "wrong password" cost the same time. */
#ifndef PLEIN_PASSWORD_H
#define PLEIN_PASSWORD_H
#include "lib/common.h"

#define PASSWORD_MIN 12   /* characters (code points), ASVS 2.1.1 */
#define PASSWORD_MAX 128  /* ASVS 2.1.2 */
#define PASSWORD_HASH_MAX 128

int password_init(void) WARN_UNUSED;  /* once at start: libsodium, the dummy hash */
/* NULL when acceptable, else a sentence (English msgid) for people. */
const char *password_policy_error(const char *pw);
int password_hash(const char *pw, char out[PASSWORD_HASH_MAX]) WARN_UNUSED;
/* hash may be NULL (unknown account or no password set): then the dummy is
 * checked and false returned. */
bool password_verify(const char *hash, const char *pw);
#endif
