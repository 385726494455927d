/*
 * cors.h: Cross-Origin Resource Sharing for the JSON API.
 *
 * A browser page served from another origin (a firm's own front end) may
 * call the API when its origin is listed in http.cors_origins.  The API
 * authenticates with bearer tokens, never cookies, so credentials are not
 * allowed and an origin gets no more than any other client.  The web UI
 * is same-origin and sends no CORS headers.
 */
#ifndef RISE_CORS_H
#define RISE_CORS_H

#include <stdbool.h>

struct req;

/* True if origin is one of list (comma-separated, exact; "*": any). */
bool	cors_allowed(const char *list, const char *origin);

/*
 * Adds the CORS headers of an actual response: Vary: Origin whenever
 * origins are configured, and for an allowed origin the origin itself
 * and the response headers its scripts may read.
 */
void	cors_headers(struct req *);

/*
 * Answers a preflight (OPTIONS with Access-Control-Request-Method from
 * an allowed origin) with 204 and the methods in allow; true if it did.
 */
bool	cors_preflight(struct req *, const char *allow);

#endif
