/*
 * reportq.h: the PDF reports of an assessment as its consultant handles
 * them: queueing one, listing them and fetching a ready one's PDF.
 * Shared by the reports API and the web UI; bin/rise-worker renders the
 * queued ones (report.h).
 *
 * Functions return 0 on success; 400 with the validation errors left in
 * in (no response set); or another error status with the response set.
 */
#ifndef RISE_REPORTQ_H
#define RISE_REPORTQ_H

#include <json-c/json.h>

#include "input.h"
#include "request.h"

struct reportq_job {
	char		 id[UTIL_ID_MAX];	/* the new report */
	const char	*type;			/* "consultant" or "client", static */
	long long	 pending;		/* reports processing, this one too */
};

/*
 * Queues a report of the caller's completed assessment aid, reading
 * reportType ("consultant" or "client"; any other field is an error)
 * from in, and wakes a worker once the transaction commits.  404 if the
 * assessment is not the caller's; 409 ASSESSMENT_NOT_COMPLETED.
 */
int		 reportq_add(struct req *, struct in *, const char *aid,
		    struct reportq_job *);

/*
 * The reports of the caller's assessment aid, newest first, as a new
 * array for the caller: [{id, reportType, status, error, createdAt,
 * generatedAt, pages}].  NULL with the response set on a database error.
 */
json_object	*reportq_list(struct req *, const char *aid);

/*
 * Answers with the PDF of ready report id as an attachment named after
 * the business, if its assessment belongs to owner ("" for any in the
 * transaction's tenant).  Returns 200; 404 "Report not found" if it is
 * unknown, not owner's or not ready.
 */
int		 reportq_pdf(struct req *, const char *id, const char *owner);

#endif
