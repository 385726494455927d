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

#endif
