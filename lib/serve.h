/*
 * serve.h: the FastCGI loop every program runs.
 *
 * A program's main declares its routes and calls serve_main.  For each
 * request the loop parses it, routes it (404, 405), checks the content
 * type and size (415, 413), parses a JSON body (400), authenticates
 * (401, 403) and counts it against its rate limit (429) in one statement,
 * opens a transaction with the caller's tenant (for a ROUTE_READ handler,
 * one read-only transaction per statement: db_read), calls the handler,
 * commits if the status is below 400 (else rolls back), writes the
 * response once, and logs one line.  So a handler that reads with one
 * statement costs two round trips to PostgreSQL in all.
 */
#ifndef RISE_SERVE_H
#define RISE_SERVE_H

#include <stddef.h>

#include "auth.h"
#include "config.h"
#include "db.h"
#include "resp.h"
#include "route.h"

/* Process state, shared by every request a worker serves. */
struct app {
	const char		*name;
	struct cfg		 cfg;
	struct db		*db;
	struct auth_key		 key;
	enum resp_env		 env;
	const struct route	*routes;
	size_t			 nroutes;
};

/*
 * Loads the configuration and key, connects, and serves requests on the
 * FastCGI socket (standard input) until SIGTERM.  A setting that is wrong
 * stops the program here with a message naming it.  Returns the exit
 * status for main.
 */
int	serve_main(const char *name, enum resp_env, const struct route *,
	    size_t nroutes);

/*
 * Serves one request given its FastCGI parameters and body reader; the
 * loop's core, callable by tests.  Writes the rendered response through
 * write(arg, buf, len).
 */
struct serve_io {
	char	**envp;
	long	(*read)(void *arg, char *buf, size_t len);
	int	(*write)(void *arg, const char *buf, size_t len);
	void	 *arg;
};
void	serve_request(struct app *, const struct serve_io *);

#endif
