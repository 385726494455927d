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

enum app_err
rl_hit(struct db *db, enum rl_class c, const char *subject,
    const struct rl_limit *l, struct rl_state *st)
{
	char		 key[160], window[16];
	PGresult	*res;
	long long	 hits;

	memset(st, 0, sizeof(*st));
	snprintf(key, sizeof(key), "%s:%s", rl_class_name(c), subject);
	snprintf(window, sizeof(window), "%d", l->window);
	if ((res = DB_Q(db, STMT_RL_HIT, key, window)) == NULL)
		return APP_ERR_DB;
	hits = db_getll(res, 0, 0);
	st->reset = (time_t)db_getll(res, 0, 1);
	PQclear(res);
	st->limit = l->count;
	st->remaining = hits >= l->count ? 0 : (int)(l->count - hits);
	st->exceeded = hits > l->count;
	st->counted = true;
	return APP_OK;
}
