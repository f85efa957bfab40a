/* password.c — argon2id with libsodium's interactive limits (64 MiB, 2 passes). */
#include "core/password.h"
#include "core/i18n.h"
#include "lib/utf8.h"
#include <sodium.h>

static char dummy_hash[crypto_pwhash_STRBYTES];

int password_init(void)
{
	if (sodium_init() < 0)
		return PLEIN_ERROR;
	if (dummy_hash[0])
		return PLEIN_OK;
	return password_hash("plein-dummy-password-for-timing", dummy_hash);
}

const char *password_policy_error(const char *pw)
{
	size_t len = strlen(pw);
	if (!utf8_valid(pw, len))
		return N_("The password is not valid text.");
	size_t chars = utf8_length(pw, len);
	if (chars < PASSWORD_MIN)
		return N_("The password must be at least 12 characters long.");
	if (chars > PASSWORD_MAX)
		return N_("The password must be at most 128 characters long.");
	return NULL;
}

int password_hash(const char *pw, char out[PASSWORD_HASH_MAX])
{
	_Static_assert(crypto_pwhash_STRBYTES <= PASSWORD_HASH_MAX, "hash buffer");
	if (crypto_pwhash_str_alg(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                          crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
		return PLEIN_ERROR;
	return PLEIN_OK;
}

bool password_verify(const char *hash, const char *pw)
{
	size_t len = strlen(pw);
	if (!hash || !*hash) {
		int same_work = crypto_pwhash_str_verify(dummy_hash, pw, len);
		UNUSED(same_work);
		return false;
	}
	return crypto_pwhash_str_verify(hash, pw, len) == 0;
}
