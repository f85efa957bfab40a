/* auth.c — see auth.h. */
#include "core/auth.h"
#include "core/audit.h"
#include "core/password.h"
#include "core/throttle.h"
#include <arpa/inet.h>
#include <ctype.h>

static struct throttle *by_ip, *by_account;

void auth_init(const struct auth_limits *l)
{
	auth_shutdown();
	by_ip = throttle_new(l->ip_attempts, l->ip_window);
	by_account = throttle_new(l->account_attempts, l->account_window);
}

void auth_shutdown(void)
{
	throttle_free(by_ip);
	throttle_free(by_account);
	by_ip = by_account = NULL;
}

static const char *account_key(struct pool *p, const char *email)
{
	char *k = pool_printf(p, "acct:%.254s", email);
	for (char *c = k; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	return k;
}

/* One key per IPv4 address, and per IPv6 /64: whoever holds a /64 can
 * use any of its 2^64 addresses. */
static const char *address_key(struct pool *p, const char *address)
{
	struct in6_addr a6;
	if (address && strchr(address, ':') && inet_pton(AF_INET6, address, &a6) == 1) {
		char buf[INET6_ADDRSTRLEN];
		memset(a6.s6_addr + 8, 0, 8);
		inet_ntop(AF_INET6, &a6, buf, sizeof(buf));
		return pool_printf(p, "ip6:%s/64", buf);
	}
	return pool_printf(p, "ip:%s", address ? address : "-");
}

int auth_sign_in(struct db *db, struct pool *p, const char *email, const char *password,
                 const char *address, const char *user_agent, struct sign_in *out)
{
	memset(out, 0, sizeof(*out));
	const char *ip_key = address_key(p, address);
	const char *acct = account_key(p, email);
	unsigned wait_ip = throttle_check(by_ip, ip_key), wait_acct = throttle_check(by_account, acct);
	if (wait_ip || wait_acct) {
		out->retry_after = wait_ip > wait_acct ? wait_ip : wait_acct;
		audit_log(db, 0, "sign_in_throttled", email, address);
		return PLEIN_TOOBIG;
	}
	struct person *who = NULL;
	const char *hash = NULL;
	int rc = people_get_by_email(db, p, email, &who, &hash);
	if (rc < 0 && rc != PLEIN_NOTFOUND)
		return PLEIN_ERROR;
	/* always one argon2id verification, known account or not */
	bool ok = password_verify(who && strcmp(who->status, "active") == 0 ? hash : NULL, password);
	if (!ok) {
		throttle_fail(by_ip, ip_key);
		throttle_fail(by_account, acct);
		audit_log(db, who ? who->id : 0, "sign_in_failed", email, address);
		return PLEIN_DENIED;
	}
	if (sessions_create(db, who->id, user_agent, address, out->token, &out->session_id))
		return PLEIN_ERROR;
	throttle_reset(by_account, acct);
	audit_log(db, who->id, "sign_in", who->email, address);
	out->person = who;
	return PLEIN_OK;
}

int auth_check_password(struct db *db, struct pool *p, const struct person *who, const char *password,
                        const char *address)
{
	const char *acct = account_key(p, who->email);
	if (throttle_check(by_account, acct))
		return PLEIN_TOOBIG;
	struct person *fresh;
	const char *hash = NULL;
	if (people_get_by_email(db, p, who->email, &fresh, &hash))
		return PLEIN_ERROR;
	if (!password_verify(hash, password)) {
		throttle_fail(by_account, acct);
		audit_log(db, who->id, "password_check_failed", who->email, address);
		return PLEIN_DENIED;
	}
	return PLEIN_OK;
}
