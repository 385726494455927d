/*
 * route.c: fuzzes route_match over the routes of every program (copied
 * from cgi-bin/; the handlers are never called).  The first byte picks
 * the method and the size of the Allow buffer, the rest is the path.
 */
#include <stdbool.h>

#include "fuzz.h"
#include "route.h"

static int
none(struct req *r)
{
	(void)r;
	return 500;
}

#define R(m, p)	{ REQ_##m, p, none, 0, RL_DEFAULT }
static const struct route routes[] = {
	R(GET, "/v1/admin/users"), R(PATCH, "/v1/admin/users/:id"),
	R(GET, "/v1/admin/analytics"),
	R(POST, "/v1/assessments"), R(GET, "/v1/assessments"),
	R(GET, "/v1/assessments/:id"), R(PATCH, "/v1/assessments/:id"),
	R(DELETE, "/v1/assessments/:id"),
	R(POST, "/v1/assessments/:id/responses"),
	R(GET, "/v1/assessments/:id/responses"),
	R(POST, "/v1/assessments/:id/invite"),
	R(POST, "/v1/auth/register"), R(POST, "/v1/auth/login"),
	R(POST, "/v1/auth/refresh"), R(POST, "/v1/auth/logout"),
	R(GET, "/v1/health"), R(GET, "/v1/questions"),
	R(POST, "/v1/reports/:assessmentId/generate"),
	R(GET, "/v1/reports/:reportId"), R(GET, "/v1/reports/:reportId/download"),
	R(GET, "/v1/users/me"), R(PATCH, "/v1/users/me"),
	R(PUT, "/v1/users/me/password"),
	R(GET, "/"), R(GET, "/login"), R(POST, "/login"), R(POST, "/logout"),
	R(GET, "/assessments"), R(GET, "/assessments/new"),
	R(POST, "/assessments/new"), R(GET, "/assessments/:id"),
	R(POST, "/assessments/:id"), R(GET, "/assessments/:id/delete"),
	R(POST, "/assessments/:id/delete"), R(POST, "/assessments/:id/reports"),
	R(GET, "/reports/:id/download"),
	R(GET, "/charts/assessments/:id/:chart"),
	R(GET, "/profile"), R(POST, "/profile"), R(POST, "/profile/password"),
	R(GET, "/admin/users"), R(GET, "/admin/users/new"),
	R(POST, "/admin/users/new"), R(POST, "/admin/users/:id"),
	R(GET, "/admin/analytics"), R(GET, "/charts/admin/:chart"),
	R(GET, "/assess/:token"), R(POST, "/assess/:token"),
	R(GET, "/assess/:token/done"),
	R(GET, "/x/:a/:b/:c/:d/:e"),	/* more parameters than REQ_MAXPARAMS */
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct route	*found;
	const char		*params[REQ_MAXPARAMS];
	char			*path, *allow;
	size_t			 allowsz, i, np;
	enum req_method		 m;
	enum route_match	 rc;

	if (size < 1)
		return 0;
	m = (enum req_method)(data[0] % (REQ_METHOD__MAX + 1));
	allowsz = (size_t)(data[0] >> 3);	/* 0 to 31: truncation too */
	path = fuzz_str(data + 1, size - 1);
	if ((allow = malloc(allowsz + 1)) == NULL)
		abort();
	memset(params, 0, sizeof(params));
	rc = route_match(routes, sizeof(routes) / sizeof(routes[0]), m, path,
	    &found, params, allow, allowsz);
	if (rc == ROUTE_FOUND) {
		FUZZ_ASSERT(found != NULL);
		FUZZ_ASSERT(found->method == m ||
		    (m == REQ_HEAD && found->method == REQ_GET));
		for (i = 0, np = 0; found->pattern[i] != '\0'; i++)
			np += found->pattern[i] == ':';
		for (i = 0; i < REQ_MAXPARAMS; i++)
			FUZZ_ASSERT((i < np) == (params[i] != NULL) &&
			    (params[i] == NULL || (params[i][0] != '\0' &&
			    strchr(params[i], '/') == NULL)));
	} else {
		FUZZ_ASSERT(found == NULL);
		if (allowsz > 0)
			FUZZ_ASSERT(strlen(allow) < allowsz);
	}
	free(allow);
	free(path);
	return 0;
}
