/* item.c: GET, PATCH and DELETE /v1/assessments/:id. */
#include "assess.h"
#include "input.h"
#include "resp.h"
#include "serve.h"

#include "extern.h"

PGresult *
asm_fetch(struct req *r, bool for_update)
{
	return assess_fetch(r, r->params[0], for_update);
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
	struct in	 in;
	PGresult	*res;
	int		 st;

	in_init(&in, r->json);
	if ((st = assess_update(r, &in, r->params[0])) != 0) {
		if (!in_ok(&in))
			st = in_fail(r, &in);
		goto out;
	}
	if ((res = asm_fetch(r, false)) == NULL) {
		st = r->status;
		goto out;
	}
	st = resp_ok(r, 200, assess_json(r, res, 0, ASSESS_VIEW_DETAIL));
	PQclear(res);
out:
	in_free(&in);
	return st;
}

/* DELETE /v1/assessments/:id: soft delete.  204; 404 if not the caller's. */
int
asm_delete(struct req *r)
{
	int	st;

	if ((st = assess_delete(r, r->params[0])) != 0)
		return st;
	return resp_ok(r, 204, NULL);
}
