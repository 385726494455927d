/* create.c: POST /v1/assessments. */
#include "assess.h"
#include "input.h"
#include "resp.h"
#include "serve.h"

#include "extern.h"

/*
 * Creates an assessment for the caller's client, with its unique link
 * (assess_create).  201 with the created object (status "pending",
 * uniqueLink, expiresAt assessment.expiry_days on); 400 VALIDATION_ERROR
 * naming every bad or unknown field.
 */
int
asm_create(struct req *r)
{
	struct in	 in;
	PGresult	*res;
	int		 st;

	in_init(&in, r->json);
	if ((st = assess_create(r, &in, &res)) == 0) {
		st = resp_ok(r, 201, assess_json(r, res, 0, ASSESS_VIEW_CREATED));
		PQclear(res);
	} else if (!in_ok(&in))
		st = in_fail(r, &in);
	in_free(&in);
	return st;
}
