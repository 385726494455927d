/*
 * route.h: each program's table of routes.
 *
 * A pattern is a path whose segments are literal or ":name" (any one
 * non-empty segment, passed to the handler in r->params in order).  The
 * flags replace checks inside handlers: the loop answers 401, 403, 404,
 * 405, 413 and 415 before any handler runs.
 */
#ifndef RISE_ROUTE_H
#define RISE_ROUTE_H

#include <stddef.h>

#include "ratelimit.h"
#include "request.h"

enum route_flag {
	ROUTE_AUTH	= 1 << 0,	/* a valid bearer token is required */
	ROUTE_ADMIN	= 1 << 1,	/* ... of an admin (403 otherwise) */
	ROUTE_JSON	= 1 << 2,	/* the body must be a JSON object */
	ROUTE_AUTH_OPT	= 1 << 3,	/* a bearer token is checked if sent */
	ROUTE_NOTX	= 1 << 4,	/* the handler manages transactions */
	ROUTE_NOLIMIT	= 1 << 5,	/* not rate-limited (health checks) */
	ROUTE_FORM	= 1 << 6,	/* the body is an url-encoded form */
	ROUTE_COOKIE	= 1 << 7,	/* a web session cookie is required */
	ROUTE_COOKIE_OPT = 1 << 8,	/* ... checked if sent */
	ROUTE_CSRF	= 1 << 9,	/* the form must carry the CSRF token */
	ROUTE_READ	= 1 << 10,	/* the handler only reads (db_read) */
};

/*
 * A handler fills r->out (or calls resp_error) and returns the HTTP
 * status.  A status below 400 commits the request's transaction.
 */
typedef int	(*route_fn)(struct req *r);

struct route {
	enum req_method	 method;
	const char	*pattern;
	route_fn	 handler;
	unsigned	 flags;
	enum rl_class	 rl;
};

enum route_match {
	ROUTE_FOUND,
	ROUTE_NOT_FOUND,
	ROUTE_BAD_METHOD,	/* the path exists with other methods */
};

/*
 * Finds the route for method and path.  On ROUTE_FOUND *found is set and
 * params[] point into path (which is modified: '/' become NUL).  On
 * ROUTE_BAD_METHOD allow holds the allowed methods, e.g. "GET, PATCH".
 */
enum route_match route_match(const struct route *routes, size_t n,
		    enum req_method method, char *path, const struct route **found,
		    const char *params[REQ_MAXPARAMS], char *allow, size_t allowsz);

#endif
