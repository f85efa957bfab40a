/* secret.c — see secret.h. HMAC-SHA-512/256 (crypto_auth). */
#include "core/secret.h"
#include <sodium.h>

static unsigned char key[crypto_auth_KEYBYTES];
static bool loaded;

int secret_load(struct db *db)
{
	struct db_stmt *st;
	int rc;
	if (db_begin(db))
		return PLEIN_ERROR;
	st = db_prepare(db, "SELECT value FROM instance WHERE key = 'secret'");
	if (!st)
		goto fail;
	rc = db_step(st);
	if (rc == DB_ROW && db_col_len(st, 0) == sizeof(key)) {
		memcpy(key, db_col_blob(st, 0), sizeof(key));
		db_done(st);
	} else {
		db_done(st);
		if (rc < 0)
			goto fail;
		crypto_auth_keygen(key);
		st = db_prepare(db, "INSERT OR REPLACE INTO instance(key, value) VALUES ('secret', ?)");
		if (!st)
			goto fail;
		db_bind_blob(st, 1, key, sizeof(key));
		rc = db_step(st);
		db_done(st);
		if (rc < 0)
			goto fail;
	}
	if (db_commit(db))
		goto fail;
	loaded = true;
	return PLEIN_OK;
fail:
	db_rollback(db);
	return PLEIN_ERROR;
}

static void mac(const char *purpose, const void *data, size_t len, unsigned char out[crypto_auth_BYTES])
{
	crypto_auth_hmacsha512256_state st;
	if (!loaded)
		BUG("secret used before secret_load");
	crypto_auth_hmacsha512256_init(&st, key, sizeof(key));
	crypto_auth_hmacsha512256_update(&st, (const unsigned char *)purpose, strlen(purpose) + 1);
	crypto_auth_hmacsha512256_update(&st, data, len);
	crypto_auth_hmacsha512256_final(&st, out);
}

void secret_token(const char *purpose, const void *data, size_t len, char *out, size_t outlen)
{
	unsigned char m[crypto_auth_BYTES];
	mac(purpose, data, len, m);
	sodium_bin2base64(out, outlen, m, sizeof(m), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

bool secret_token_check(const char *purpose, const void *data, size_t len, const char *token)
{
	char want[64];
	if (!token)
		return false;
	secret_token(purpose, data, len, want, sizeof(want));
	size_t n = strlen(want);
	if (strlen(token) != n)
		return false;
	return sodium_memcmp(want, token, n) == 0;
}

void random_token(size_t bytes, char *out, size_t outlen)
{
	unsigned char buf[64];
	if (bytes > sizeof(buf))
		BUG("random_token too long");
	randombytes_buf(buf, bytes);
	sodium_bin2base64(out, outlen, buf, bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}
