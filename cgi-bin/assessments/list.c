/* list.c: GET /v1/assessments. */
#include <stdio.h>
#include <string.h>

#include "input.h"
#include "page.h"
#include "resp.h"
#include "serve.h"

#include "extern.h"

/*
 * The caller's assessments (an admin's: everyone's), without deleted
 * ones, filtered by status, sorted by a whitelisted column, one page at
 * a time.  200 {assessments, pagination}; 400 VALIDATION_ERROR for a bad
 * page, limit, status, sort or order.
 */
int
asm_list(struct req *r)
{
	static const char *const statuses[] = { "", "pending", "in_progress",
	    "completed", "expired", NULL };
	static const char *const sorts[] = { "createdAt", "updatedAt", "clientName", NULL };
	static const char *const orders[] = { "desc", "asc", NULL };
	struct in	 errs;
	struct page	 pg;
	int		 status, sort, order, i, st;
	char		 lim[16], off[24];
	const char	*owner;
	PGresult	*res;
	json_object	*out, *arr, *o;

	in_init(&errs, NULL);
	page_parse(r, &errs, &pg);
	status = page_choice(r, &errs, "status", statuses, 0);
	sort = page_choice(r, &errs, "sort", sorts, 0);
	order = page_choice(r, &errs, "order", orders, 0);
	if (req_query(r, "status") != NULL && status == 0)
		in_error(&errs, "status", "Unsupported value");
	if (!in_ok(&errs))
		return in_fail(r, &errs);
	snprintf(lim, sizeof(lim), "%ld", pg.limit);
	snprintf(off, sizeof(off), "%ld", pg.offset);
	owner = strcmp(r->who.role, "admin") == 0 ? "" : r->who.user_id;
	res = DB_Q(r->app->db, STMT_ASM_LIST, owner, statuses[status], sorts[sort],
	    orders[order], lim, off);
	if (res == NULL)
		return resp_db_error(r);
	out = json_object_new_object();
	arr = json_object_new_array();
	for (i = 0; i < PQntuples(res); i++) {
		if (db_null(res, i, 1))		/* the empty page's one row */
			continue;
		o = json_object_new_object();
		json_object_object_add(o, "id", json_object_new_string(db_get(res, i, 1)));
		json_object_object_add(o, "clientName",
		    json_object_new_string(db_get(res, i, 2)));
		json_object_object_add(o, "businessName",
		    json_object_new_string(db_get(res, i, 3)));
		json_object_object_add(o, "status", json_object_new_string(db_get(res, i, 4)));
		json_object_object_add(o, "progress",
		    json_object_new_int((int)db_getll(res, i, 5)));
		json_object_object_add(o, "createdAt", db_json_time(res, i, 6));
		json_object_object_add(o, "updatedAt", db_json_time(res, i, 7));
		json_object_array_add(arr, o);
	}
	json_object_object_add(out, "assessments", arr);
	json_object_object_add(out, "pagination",
	    page_json(&pg, PQntuples(res) > 0 ? db_getll(res, 0, 0) : 0));
	PQclear(res);
	st = resp_ok(r, 200, out);
	return st;
}
