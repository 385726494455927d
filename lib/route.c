/* route.c: matching a path against the route table. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "route.h"

#define MAXSEGS	16

/* Splits path in place into at most MAXSEGS segments; -1 if too many. */
static int
split(char *path, char *segs[MAXSEGS])
{
	int	n = 0;
	char	*p = path;

	if (*p++ != '/' || *p == '/')	/* "//v1/health" is not ours either */
		return -1;
	while (*p != '\0') {
		if (n == MAXSEGS)
			return -1;
		segs[n++] = p;
		while (*p != '\0' && *p != '/')
			p++;
		if (*p == '/') {
			*p++ = '\0';
			/* "/v1/users//me" and "/v1/users/me/" are not ours. */
			if (*p == '/' || *p == '\0')
				return -1;
		}
	}
	return n;
}

/* True if the pattern matches segs; fills params. */
static bool
matches(const char *pat, char *const segs[], int nsegs,
    const char *params[REQ_MAXPARAMS])
{
	int		 i = 0, np = 0;
	size_t		 len;
	const char	*e;

	while (*pat == '/')
		pat++;
	while (*pat != '\0') {
		if (i == nsegs)
			return false;
		e = strchr(pat, '/');
		len = e ? (size_t)(e - pat) : strlen(pat);
		if (*pat == ':') {
			if (np == REQ_MAXPARAMS)
				return false;
			params[np++] = segs[i];
		} else if (strlen(segs[i]) != len || strncmp(pat, segs[i], len) != 0)
			return false;
		i++;
		pat += len;
		while (*pat == '/')
			pat++;
	}
	return i == nsegs;
}

/* True if the method's name is already in the comma-separated list. */
static bool
method_listed(const char *allow, enum req_method m)
{
	const char	*name = req_method_name(m), *p = allow;
	size_t		 n = strlen(name);

	while ((p = strstr(p, name)) != NULL) {
		if ((p == allow || p[-1] == ' ') && (p[n] == ',' || p[n] == '\0'))
			return true;
		p += n;
	}
	return false;
}

enum route_match
route_match(const struct route *routes, size_t n, enum req_method method,
    char *path, const struct route **found, const char *params[REQ_MAXPARAMS],
    char *allow, size_t allowsz)
{
	char		*segs[MAXSEGS];
	const char	*p[REQ_MAXPARAMS];
	int		 nsegs;
	size_t		 i, len = 0;
	bool		 seen = false;

	*found = NULL;
	if (allowsz > 0)
		allow[0] = '\0';
	if ((nsegs = split(path, segs)) < 0)
		return ROUTE_NOT_FOUND;
	for (i = 0; i < n; i++) {
		memset(p, 0, sizeof(p));
		if (!matches(routes[i].pattern, segs, nsegs, p))
			continue;
		if (routes[i].method == method ||
		    (method == REQ_HEAD && routes[i].method == REQ_GET)) {
			*found = &routes[i];
			memcpy(params, p, sizeof(p));
			return ROUTE_FOUND;
		}
		/* A literal and a :param route may both list a method. */
		if (len < allowsz && !method_listed(allow, routes[i].method))
			len += (size_t)snprintf(allow + len, allowsz - len, "%s%s",
			    seen ? ", " : "", req_method_name(routes[i].method));
		seen = true;
	}
	return seen ? ROUTE_BAD_METHOD : ROUTE_NOT_FOUND;
}
