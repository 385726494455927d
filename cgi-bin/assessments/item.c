/* item.c: GET, PATCH and DELETE /v1/assessments/:id. */
#include <stdio.h>
#include <string.h>

#include "assess.h"
#include "input.h"
#include "resp.h"
#include "serve.h"
#include "valid.h"

#include "extern.h"

PGresult *
asm_fetch(struct req *r, bool for_update)
{
	const char	*id = r->params[0], *owner;
	PGresult	*res;

	if (!util_id_valid(id, "asm_")) {
		resp_error(r, RESP_NOT_FOUND, "Assessment not found", NULL);
		return NULL;
	}
	/* Consultants see their own; admins and checked client links any. */
	owner = r->who.ok && strcmp(r->who.role, "admin") != 0 ? r->who.user_id : "";
	res = DB_Q(r->app->db, for_update ? STMT_ASM_GET_FOR_UPDATE : STMT_ASM_GET,
	    id, owner);
	if (res == NULL) {
		resp_db_error(r);
		return NULL;
	}
	if (PQntuples(res) != 1) {
		PQclear(res);
		resp_error(r, RESP_NOT_FOUND, "Assessment not found", NULL);
		return NULL;
	}
	return res;
}

/* GET /v1/assessments/:id: 200 with the detail object; 404 if not the caller's. */
int
asm_get(struct req *r)
{
	PGresult	*res;
	int		 st;

	if ((res = asm_fetch(r, false)) == NULL)
		return r->status;
	st = resp_ok(r, 200, assess_json(r, res, 0, ASSESS_VIEW_DETAIL));
	PQclear(res);
	return st;
}

/*
 * Checks a status change from cur to want and carries it out.  Returns 0,
 * or the error status with the response set.
 */
static int
change_status(struct req *r, struct in *in, const char *id, const char *cur,
    const char *want, const char *progress)
{
	const struct bank	*b;
	struct assess_state	 s;
	PGresult		*res;
	char			 msg[96];

	if (strcmp(cur, want) == 0)
		return 0;
	if (strcmp(cur, "pending") == 0 && strcmp(want, "in_progress") == 0) {
		if ((res = DB_Q(r->app->db, STMT_ASM_PROGRESS, id, progress)) == NULL)
			return resp_db_error(r);
		PQclear(res);
		return 0;
	}
	if ((strcmp(cur, "pending") == 0 || strcmp(cur, "in_progress") == 0) &&
	    strcmp(want, "completed") == 0) {
		if ((b = bank_get(r->app->db)) == NULL)
			return resp_db_error(r);
		if (assess_state(r, b, id, &s) != APP_OK)
			return resp_db_error(r);
		if (json_object_array_length(s.missing) > 0) {
			snprintf(msg, sizeof(msg), "%zu required questions are unanswered",
			    json_object_array_length(s.missing));
			in_error(in, "status", msg);
			json_object_object_add(in->errors, "missingQuestions", s.missing);
			return in_fail(r, in);
		}
		json_object_put(s.missing);
		if (assess_complete(r, b, id) != APP_OK)
			return resp_db_error(r);
		return 0;
	}
	if (strcmp(cur, "expired") == 0)
		snprintf(msg, sizeof(msg), "An expired assessment cannot change status");
	else
		snprintf(msg, sizeof(msg), "Cannot change status from %s to %s", cur, want);
	in_error(in, "status", msg);
	return in_fail(r, in);
}

/*
 * PATCH /v1/assessments/:id: changes notes, client fields and the status
 * along the allowed moves (pending → in_progress; pending or in_progress
 * → completed once every required question is answered, which scores
 * it).  200 with the detail object; 400 VALIDATION_ERROR for a bad or
 * unknown field or a disallowed move (with missingQuestions); 404 if not
 * the caller's.
 */
int
asm_patch(struct req *r)
{
	static const char *const fields[] = { "notes", "clientName", "clientEmail",
	    "businessName", "industry", "status", NULL };
	static const char *const statuses[] = { "pending", "in_progress",
	    "completed", "expired", NULL };
	struct in	 in;
	const char	*name, *email, *business, *industry, *notes, *status;
	const char	*id = r->params[0];
	PGresult	*cur = NULL, *res;
	int		 st;

	in_init(&in, r->json);
	in_only(&in, fields, "Field cannot be changed");
	name = in_str(&in, "clientName", 0, 200);
	if ((email = in_str(&in, "clientEmail", 0, 254)) != NULL && !valid_email(email))
		in_error(&in, "clientEmail", "Invalid email format");
	business = in_str(&in, "businessName", 0, 200);
	industry = in_str(&in, "industry", IN_NULLABLE, 100);
	notes = in_str(&in, "notes", IN_NULLABLE | IN_EMPTY_OK, 5000);
	status = in_enum(&in, "status", 0, statuses);
	if (!in_ok(&in)) {
		st = in_fail(r, &in);
		goto out;
	}
	if ((cur = asm_fetch(r, true)) == NULL) {
		st = r->status;
		goto out;
	}
	if (name == NULL)
		name = db_get(cur, 0, AC_CLIENT_NAME);
	if (email == NULL)
		email = db_get(cur, 0, AC_CLIENT_EMAIL);
	if (business == NULL)
		business = db_get(cur, 0, AC_BUSINESS);
	if (industry == NULL && !in_has(&in, "industry") && !db_null(cur, 0, AC_INDUSTRY))
		industry = db_get(cur, 0, AC_INDUSTRY);
	if (notes == NULL && !in_has(&in, "notes") && !db_null(cur, 0, AC_NOTES))
		notes = db_get(cur, 0, AC_NOTES);
	res = DB_Q(r->app->db, STMT_ASM_UPDATE, id, name, email, business, industry, notes);
	if (res == NULL) {
		st = resp_db_error(r);
		goto out;
	}
	PQclear(res);
	if (status != NULL && (st = change_status(r, &in, id,
	    db_get(cur, 0, AC_STATUS), status, db_get(cur, 0, AC_PROGRESS))) != 0)
		goto out;
	PQclear(cur);
	if ((cur = asm_fetch(r, false)) == NULL) {
		st = r->status;
		goto out;
	}
	st = resp_ok(r, 200, assess_json(r, cur, 0, ASSESS_VIEW_DETAIL));
out:
	PQclear(cur);
	in_free(&in);
	return st;
}

/* DELETE /v1/assessments/:id: soft delete.  204; 404 if not the caller's. */
int
asm_delete(struct req *r)
{
	const char	*owner;
	PGresult	*res;
	int		 st;

	if (!util_id_valid(r->params[0], "asm_"))
		return resp_error(r, RESP_NOT_FOUND, "Assessment not found", NULL);
	owner = strcmp(r->who.role, "admin") != 0 ? r->who.user_id : "";
	if ((res = DB_Q(r->app->db, STMT_ASM_DELETE, r->params[0], owner)) == NULL)
		return resp_db_error(r);
	st = PQntuples(res) == 1 ? resp_ok(r, 204, NULL) :
	    resp_error(r, RESP_NOT_FOUND, "Assessment not found", NULL);
	PQclear(res);
	return st;
}
