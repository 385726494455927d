/* page.c: page/limit parsing and the pagination object. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "page.h"

/* A positive decimal integer of at most 9 digits, or -1. */
static long
positive(const char *s)
{
	char	*end;
	long	 v;

	if (s == NULL || *s < '0' || *s > '9' || strlen(s) > 9)
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	return *end != '\0' || errno != 0 || v < 1 ? -1 : v;
}

void
page_parse(const struct req *r, struct in *errs, struct page *p)
{
	const char	*s;

	p->page = 1;
	p->limit = PAGE_LIMIT_DEFAULT;
	if ((s = req_query(r, "page")) != NULL && (p->page = positive(s)) < 0) {
		in_error(errs, "page", "Must be a positive integer");
		p->page = 1;
	}
	if ((s = req_query(r, "limit")) != NULL && (p->limit = positive(s)) < 0) {
		in_error(errs, "limit", "Must be a positive integer");
		p->limit = PAGE_LIMIT_DEFAULT;
	}
	if (p->limit > PAGE_LIMIT_MAX)
		p->limit = PAGE_LIMIT_MAX;
	p->offset = (p->page - 1) * p->limit;
}

int
page_choice(const struct req *r, struct in *errs, const char *key,
    const char *const *allowed, int def)
{
	const char	*s = req_query(r, key);
	int		 i;

	if (s == NULL)
		return def;
	for (i = 0; allowed[i] != NULL; i++)
		if (strcmp(s, allowed[i]) == 0)
			return i;
	in_error(errs, key, "Unsupported value");
	return def;
}

json_object *
page_json(const struct page *p, long long total)
{
	json_object	*o;
	long long	 pages = (total + p->limit - 1) / p->limit;

	if ((o = json_object_new_object()) == NULL)
		return NULL;
	json_object_object_add(o, "page", json_object_new_int64(p->page));
	json_object_object_add(o, "limit", json_object_new_int64(p->limit));
	json_object_object_add(o, "total", json_object_new_int64(total));
	json_object_object_add(o, "totalPages", json_object_new_int64(pages));
	json_object_object_add(o, "hasNext", json_object_new_boolean(p->page < pages));
	json_object_object_add(o, "hasPrev", json_object_new_boolean(p->page > 1));
	return o;
}
