/* list.c: GET /v1/assessments. */
#include "assess.h"
#include "input.h"
#include "resp.h"
#include "serve.h"

#include "extern.h"

/*
 * The caller's assessments (an admin's: everyone's), without deleted
 * ones, filtered by status, sorted by a whitelisted column, one page at
 * a time (assess_list).  200 {assessments, pagination}; 400
 * VALIDATION_ERROR for a bad page, limit, status, sort or order.
 */
int
asm_list(struct req *r)
{
	struct in		 errs;
	struct assess_query	 q;
	json_object		*out;

	in_init(&errs, NULL);
	assess_query_parse(r, &errs, &q);
	if (!in_ok(&errs))
		return in_fail(r, &errs);
	if ((out = assess_list(r, &q)) == NULL)
		return r->status;
	return resp_ok(r, 200, out);
}
