/* invite.c: POST /v1/assessments/:id/invite. */
#include "assess.h"
#include "resp.h"
#include "serve.h"

#include "extern.h"

/*
 * Queues the client's invitation again, with the link, in this request's
 * transaction (assess_invite); bin/rise-mailer sends it.  The owner or an
 * admin only; rate-limited per user (rate_limit.invite).  202
 * {assessmentId, queued: true}; 404 if not the caller's; 409 CONFLICT
 * once completed or expired; 429 past the limit.
 */
int
asm_invite(struct req *r)
{
	json_object	*out;
	char		 mid[UTIL_ID_MAX];
	int		 st;

	if ((st = assess_invite(r, r->params[0], mid)) != 0)
		return st;
	out = json_object_new_object();
	json_object_object_add(out, "assessmentId", json_object_new_string(r->params[0]));
	json_object_object_add(out, "queued", json_object_new_boolean(1));
	return resp_ok(r, 202, out);
}
