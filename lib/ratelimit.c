/* ratelimit.c: fixed-window counters in PostgreSQL. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "ratelimit.h"

static const char *const names[RL__MAX] = {
	"default", "login", "register", "password", "report", "client", "web",
	"invite",
};

const char *
rl_class_name(enum rl_class c)
{
	return (unsigned)c < RL__MAX ? names[c] : "default";
}

bool
rl_parse(const char *s, struct rl_limit *l)
{
	char	*end;
	long	 count, window;

	count = strtol(s, &end, 10);
	if (end == s || *end != '/' || count < 1 || count > 1000000000)
		return false;
	s = end + 1;
	window = strtol(s, &end, 10);
	if (end == s || *end != '\0' || window < 1 || window > 86400 * 31)
		return false;
	l->count = (int)count;
	l->window = (int)window;
	return true;
}

void
rl_key(char out[RL_KEY_MAX], enum rl_class c, const char *subject)
{
	snprintf(out, RL_KEY_MAX, "%s:%s", rl_class_name(c), subject);
}

enum app_err
rl_hit(struct db *db, enum rl_class c, const char *subject,
    const struct rl_limit *l, struct rl_state *st)
{
	char		 key[RL_KEY_MAX], window[16];
	PGresult	*res;

	memset(st, 0, sizeof(*st));
	rl_key(key, c, subject);
	snprintf(window, sizeof(window), "%d", l->window);
	if ((res = DB_Q(db, STMT_RL_HIT, key, window)) == NULL)
		return APP_ERR_DB;
	rl_counted(st, l, db_getll(res, 0, 0), (time_t)db_getll(res, 0, 1));
	PQclear(res);
	return APP_OK;
}

void
rl_counted(struct rl_state *st, const struct rl_limit *l, long long hits,
    time_t reset)
{
	st->reset = reset;
	st->limit = l->count;
	st->remaining = hits >= l->count ? 0 : (int)(l->count - hits);
	st->exceeded = hits > l->count;
	st->counted = true;
}
