/*
 * assess.h: assessments as the API shows them, and what answering does
 * to one: progress, the final check and scoring.  Shared by the API,
 * the web UI and the reports.
 */
#ifndef RISE_ASSESS_H
#define RISE_ASSESS_H

#include <json-c/json.h>
#include <libpq-fe.h>

#include "bank.h"
#include "input.h"
#include "page.h"
#include "request.h"

/* The columns of ASM_COLS in stmt.c, in order. */
enum asm_col {
	AC_ID, AC_USER, AC_CLIENT_NAME, AC_CLIENT_EMAIL, AC_BUSINESS, AC_INDUSTRY,
	AC_TYPE, AC_STATUS, AC_NOTES, AC_PROGRESS, AC_SALT, AC_DISC_PRIMARY,
	AC_DISC_SECONDARY, AC_DISC_SCORES, AC_PHASE_PRIMARY, AC_PHASE_SCORES,
	AC_CREATED, AC_UPDATED, AC_COMPLETED, AC_EXPIRES, AC_RAW_STATUS, AC_ORG,
	AC__MAX
};

enum assess_view {
	ASSESS_VIEW_CREATED,	/* POST /assessments */
	ASSESS_VIEW_DETAIL,	/* GET and PATCH /assessments/:id */
};

/* The assessment in row of res as a new JSON object (caller owns), or NULL. */
json_object	*assess_json(const struct req *, const PGresult *res, int row,
		    enum assess_view);

/* What the stored answers of an assessment amount to. */
struct assess_state {
	int		 progress;	/* answered required / required, 0..100, floor */
	size_t		 answered;	/* questions answered */
	json_object	*missing;	/* ids of unanswered required questions; caller owns */
};

/* Reads the stored answers of assessment id and fills *st. */
enum app_err	 assess_state(struct req *, const struct bank *, const char *id,
		    struct assess_state *st);

/*
 * Scores the stored answers of assessment id and marks it completed
 * (inside the request's transaction).
 */
enum app_err	 assess_complete(struct req *, const struct bank *, const char *id);

/*
 * The functions below do what the assessments API does, for the API and
 * the web UI alike.  Those that read fields take them from in (a JSON
 * object: the API's body, or a web form made into one) and return 0 on
 * success; 400 with the validation errors left in in (no response set:
 * the API answers with in_fail, a page shows them beside the fields); or
 * another error status with the response set (404, the database error).
 */

/*
 * The assessment id as the caller may see it: its consultant's, or any
 * for an admin or a client link already checked (row-level security
 * keeps it to the tenant), optionally locked.  Returns the row for the
 * caller to PQclear, or NULL with the response set: 404 "Assessment not
 * found" if it is malformed, deleted or not the caller's, else the
 * database error.
 */
PGresult	*assess_fetch(struct req *, const char *id, bool for_update);

/*
 * Creates an assessment of the caller's with its unique link, from
 * clientName, clientEmail, businessName and assessmentType (required),
 * industry (nullable) and notes (nullable, may be empty); any other
 * field is an error.  On success *row is the new row (ASM_COLS) for the
 * caller to PQclear.  A self-administered one also queues the client's
 * invitation (mail_queue) in the same transaction.
 */
int		 assess_create(struct req *, struct in *, PGresult **row);

/*
 * Changes the caller's assessment id: clientName, clientEmail,
 * businessName, industry and notes (absent fields keep their value, null
 * clears industry and notes), and status along the allowed moves
 * (pending → in_progress; pending or in_progress → completed once every
 * required question is answered, which scores it).  Any other field is
 * an error.  A refused completion adds missingQuestions to in's errors.
 */
int		 assess_update(struct req *, struct in *, const char *id);

/*
 * Queues the invitation to the client of the caller's assessment id
 * again (POST /v1/assessments/:id/invite).  Returns 0 with the mail's id
 * in mail_id; 404 if it is not the caller's, 409 CONFLICT once completed
 * or expired, or the database error, with the response set.
 */
int		 assess_invite(struct req *, const char *id, char mail_id[UTIL_ID_MAX]);

/*
 * Soft-deletes the caller's assessment id: its link stops working and it
 * leaves every list.  Returns 0, or 404 or the database error with the
 * response set.
 */
int		 assess_delete(struct req *, const char *id);

/* The list parameters of GET /v1/assessments. */
struct assess_query {
	struct page	 pg;
	const char	*status;	/* "" for any, or a status */
	const char	*sort;		/* createdAt, updatedAt or clientName */
	const char	*order;		/* desc or asc */
};

/*
 * Reads page, limit, status, sort and order from the query string as the
 * API does; a bad value is recorded in errs under its name and the
 * default used.
 */
void		 assess_query_parse(const struct req *, struct in *errs,
		    struct assess_query *);

/*
 * One page of the caller's assessments (an admin's: everyone's) without
 * deleted ones: {assessments: [{id, clientName, businessName, status,
 * progress, createdAt, updatedAt}], pagination}.  Returns a new object
 * for the caller, or NULL with the response set.
 */
json_object	*assess_list(struct req *, const struct assess_query *);

/*
 * How many of the caller's assessments (an admin's: everyone's) have
 * each status: {total, pending, in_progress, completed, expired}.
 * Returns a new object for the caller, or NULL with the response set.
 */
json_object	*assess_counts(struct req *);

#endif
