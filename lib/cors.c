/* cors.c: Cross-Origin Resource Sharing for the JSON API. */
#include <string.h>

#include "cors.h"
#include "resp.h"
#include "serve.h"

/* What a script from another origin may send and read. */
#define CORS_REQUEST_HEADERS	"Authorization, Content-Type, X-Assessment-Token, X-Request-ID"
#define CORS_EXPOSE_HEADERS	"X-Request-ID, X-RateLimit-Limit, X-RateLimit-Remaining, " \
				"X-RateLimit-Reset, Retry-After, Content-Disposition"
#define CORS_MAX_AGE		"600"

bool
cors_allowed(const char *list, const char *origin)
{
	size_t	n, k, e;

	if (list == NULL || origin == NULL || *origin == '\0')
		return false;
	n = strlen(origin);
	for (const char *p = list; *p != '\0'; p += k) {
		p += strspn(p, " ,");
		k = strcspn(p, ",");
		for (e = k; e > 0 && p[e - 1] == ' '; e--)
			continue;
		if ((e == 1 && *p == '*') || (e == n && strncmp(p, origin, n) == 0))
			return true;
	}
	return false;
}

void
cors_headers(struct req *r)
{
	const char	*list = r->app->cfg.cors_origins;

	if (list == NULL || *list == '\0')
		return;
	(void)resp_header(r, "Vary", "Origin");
	if (!cors_allowed(list, r->origin))
		return;
	/* resp_header refuses an origin holding CR or LF. */
	if (resp_header(r, "Access-Control-Allow-Origin", r->origin) == APP_OK)
		(void)resp_header(r, "Access-Control-Expose-Headers", CORS_EXPOSE_HEADERS);
}

bool
cors_preflight(struct req *r, const char *allow)
{
	if (r->method != REQ_OPTIONS || r->cors_method == NULL ||
	    !cors_allowed(r->app->cfg.cors_origins, r->origin))
		return false;
	(void)resp_header(r, "Access-Control-Allow-Methods", allow);
	(void)resp_header(r, "Access-Control-Allow-Headers", CORS_REQUEST_HEADERS);
	(void)resp_header(r, "Access-Control-Max-Age", CORS_MAX_AGE);
	resp_ok(r, 204, NULL);
	return true;
}
