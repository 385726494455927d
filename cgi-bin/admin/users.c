/* users.c: GET /v1/admin/users and PATCH /v1/admin/users/:id. */
#include <stdio.h>
#include <string.h>

#include "admin.h"
#include "input.h"
#include "page.h"
#include "resp.h"
#include "serve.h"
#include "user.h"

#include "extern.h"

/*
 * Every user of every tenant, newest first, filtered by role and status.
 * 200 {users, pagination}; 400 VALIDATION_ERROR for a bad filter, page or
 * limit.
 */
int
admin_users_list(struct req *r)
{
	static const char *const roles[] = { "", "admin", "consultant", NULL };
	static const char *const statuses[] = { "", "active", "suspended", "deleted", NULL };
	struct in	 errs;
	struct page	 pg;
	int		 role, status;
	char		 lim[16], off[24];
	PGresult	*res;
	json_object	*out, *arr;

	in_init(&errs, NULL);
	page_parse(r, &errs, &pg);
	role = page_choice(r, &errs, "role", roles, 0);
	status = page_choice(r, &errs, "status", statuses, 0);
	if ((req_query(r, "role") != NULL && role == 0) ||
	    (req_query(r, "status") != NULL && status == 0))
		in_error(&errs, role == 0 && req_query(r, "role") ? "role" : "status",
		    "Unsupported value");
	if (!in_ok(&errs))
		return in_fail(r, &errs);
	snprintf(lim, sizeof(lim), "%ld", pg.limit);
	snprintf(off, sizeof(off), "%ld", pg.offset);
	res = DB_Q(r->app->db, STMT_ADMIN_USERS, roles[role], statuses[status], lim, off);
	if (res == NULL)
		return resp_db_error(r);
	arr = json_object_new_array();
	for (int i = 0; i < PQntuples(res); i++) {
		const PGresult	*row = res;

		if (db_null(row, i, 1))		/* the empty page's one row */
			continue;
		/* Columns 1.. are USER_COLS: shift by the count column. */
		json_object_array_add(arr, user_json_at(row, i, 1, USER_VIEW_ADMIN));
	}
	out = json_object_new_object();
	json_object_object_add(out, "users", arr);
	json_object_object_add(out, "pagination",
	    page_json(&pg, PQntuples(res) > 0 ? db_getll(res, 0, 0) : 0));
	PQclear(res);
	return resp_ok(r, 200, out);
}

/*
 * Changes a user's status (active, suspended, deleted) and role by the
 * rules of admin_user_change (admin.h): an admin cannot suspend, delete or
 * demote themselves (403), nor leave the system without an active admin
 * (409); suspending or deleting ends the user's sessions at once; the
 * change is audited.  200 with the user (admin view); 400
 * VALIDATION_ERROR for a bad or unknown field; 404 unknown user.
 */
int
admin_users_patch(struct req *r)
{
	static const char *const roles[] = { "admin", "consultant", NULL };
	static const char *const statuses[] = { "active", "suspended", "deleted", NULL };
	struct in	 in;
	const char	*role, *status;
	json_object	*after = NULL;
	int		 st;

	in_init(&in, r->json);
	in_only(&in, (const char *const[]){ "status", "role", NULL }, "Field cannot be changed");
	role = in_enum(&in, "role", 0, roles);
	status = in_enum(&in, "status", 0, statuses);
	if (!in_ok(&in)) {
		st = in_fail(r, &in);
		goto out;
	}
	switch (admin_user_change(r, r->params[0], role, status, &after)) {
	case ADMIN_CHANGED:
		st = resp_ok(r, 200, after);
		break;
	case ADMIN_NOT_FOUND:
		st = resp_error(r, RESP_NOT_FOUND, "User not found", NULL);
		break;
	case ADMIN_SELF:
		st = resp_error(r, RESP_FORBIDDEN,
		    "Admins cannot suspend, delete or demote themselves", NULL);
		break;
	case ADMIN_LAST_ADMIN:
		st = resp_error(r, RESP_CONFLICT, "The last active admin cannot be removed", NULL);
		break;
	default:
		st = resp_db_error(r);
		break;
	}
out:
	in_free(&in);
	return st;
}
