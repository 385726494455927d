/*
 * ratelimit.h: fixed-window rate limits kept in PostgreSQL, so that every
 * FastCGI process and every web host counts against the same budget.
 */
#ifndef RISE_RATELIMIT_H
#define RISE_RATELIMIT_H

#include <stdbool.h>
#include <time.h>

#include "app.h"

/* The document's rate-limit table; each route names its class. */
enum rl_class {
	RL_DEFAULT,		/* everything else: per user, or per IP if anonymous */
	RL_LOGIN,		/* POST /auth/login, per client IP */
	RL_REGISTER,		/* POST /auth/register, per client IP */
	RL_PASSWORD,		/* PUT /users/me/password, per user */
	RL_REPORT,		/* POST /reports/:id/generate, per user */
	RL_CLIENT,		/* a client answering through the link, per address */
	RL_WEB,			/* pages and their images in the web UI, per user */
	RL_INVITE,		/* POST /assessments/:id/invite, per user */
	RL__MAX
};

struct rl_limit {
	int	count;		/* requests allowed per window */
	int	window;		/* window length in seconds */
};

/* The outcome of counting one request. */
struct rl_state {
	int	limit;		/* X-RateLimit-Limit */
	int	remaining;	/* X-RateLimit-Remaining */
	time_t	reset;		/* X-RateLimit-Reset: end of the window */
	bool	exceeded;	/* answer 429 */
	bool	counted;	/* false if no hit was recorded (no headers) */
};

struct db;

/* The configuration key suffix of a class: "default", "login", ... */
const char	*rl_class_name(enum rl_class);

/* Parses "COUNT/SECONDS" (both positive) into *l; false if malformed. */
bool		 rl_parse(const char *s, struct rl_limit *l);

#define RL_KEY_MAX	160

/* The bucket of class c and a subject ("user:<id>", "ip:<addr>"). */
void		 rl_key(char out[RL_KEY_MAX], enum rl_class c, const char *subject);

/*
 * Counts one request against the bucket "class:subject" and fills *st.
 * Runs outside the request's transaction so that a rolled-back request
 * still counts.
 */
enum app_err	 rl_hit(struct db *, enum rl_class, const char *subject,
		    const struct rl_limit *, struct rl_state *st);

/*
 * Fills *st from a count made elsewhere (auth_request in SQL): hits in
 * the window so far, this one included, and the window's end.
 */
void		 rl_counted(struct rl_state *st, const struct rl_limit *,
		    long long hits, time_t reset);

#endif
