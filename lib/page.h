/*
 * page.h: list parameters.  Financial RISE and Aether paginate by page and
 * limit (default 20, at most 100: larger limits are clamped) and answer
 * with a pagination object; sort and order come from per-endpoint
 * whitelists, never from request text.
 */
#ifndef RISE_PAGE_H
#define RISE_PAGE_H

#include <json-c/json.h>

#include "input.h"
#include "request.h"

#define PAGE_LIMIT_DEFAULT	20
#define PAGE_LIMIT_MAX		100

struct page {
	long	page;		/* 1-based */
	long	limit;
	long	offset;
};

/*
 * Reads page and limit from the query string; a value that is not a
 * positive integer is recorded in errs under its name.
 */
void		 page_parse(const struct req *, struct in *errs, struct page *);

/*
 * Reads a query parameter that must be one of allowed (NULL-terminated);
 * returns its index, def if absent, or def with an error in errs.
 */
int		 page_choice(const struct req *, struct in *errs, const char *key,
		    const char *const *allowed, int def);

/*
 * The document's pagination object: page, limit, total, totalPages,
 * hasNext, hasPrev.  The caller owns the result.
 */
json_object	*page_json(const struct page *, long long total);

#endif
