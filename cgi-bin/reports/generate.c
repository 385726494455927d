/* generate.c: POST /v1/reports/:assessmentId/generate. */
#include "input.h"
#include "reportq.h"
#include "resp.h"
#include "serve.h"

#include "extern.h"

/*
 * Queues a report of a completed assessment and answers at once
 * (reportq_add).  200 {reportId, assessmentId, reportType, status
 * "processing", estimatedTime (seconds)}; 400 VALIDATION_ERROR for a bad
 * reportType; 404 if the assessment is not the caller's; 409
 * ASSESSMENT_NOT_COMPLETED; 429 past 10 a minute per user.
 */
int
rpt_generate(struct req *r)
{
	struct in		 in;
	struct reportq_job	 job;
	json_object		*out;
	int			 st;

	in_init(&in, r->json);
	if ((st = reportq_add(r, &in, r->params[0], &job)) != 0) {
		if (!in_ok(&in))
			st = in_fail(r, &in);
		goto out;
	}
	out = json_object_new_object();
	json_object_object_add(out, "reportId", json_object_new_string(job.id));
	json_object_object_add(out, "assessmentId", json_object_new_string(r->params[0]));
	json_object_object_add(out, "reportType", json_object_new_string(job.type));
	json_object_object_add(out, "status", json_object_new_string("processing"));
	/* A report renders in well under a second; queued ones wait their turn. */
	json_object_object_add(out, "estimatedTime",
	    json_object_new_int64(1 + job.pending / 20));
	st = resp_ok(r, 200, out);
out:
	in_free(&in);
	return st;
}
