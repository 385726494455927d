/*
 * report.h: the two PDF reports of a completed assessment, composed from
 * the database, the question bank and the report text in
 * templates/reports/content.json, drawn with lib/pdf and lib/chart.
 */
#ifndef RISE_REPORT_H
#define RISE_REPORT_H

#include <stddef.h>

#include <stdbool.h>

#include <json-c/json.h>

#include "app.h"
#include "bank.h"
#include "config.h"
#include "db.h"
#include "score.h"

/* An answer at or below this share of its question's maximum is weak. */
#define REPORT_WEAK_RATIO	0.4
/* The action plan lists at most this many actions. */
#define REPORT_MAX_ACTIONS	8

/* What a worker loads once: the report text and font paths. */
struct report_ctx;

/* One phase question as the client answered it. */
struct report_answer {
	const struct bank_question	*q;
	char				 text[1024];	/* chosen options, joined */
	int				 points, max;
	bool				 answered;
	double				 ratio;		/* points / max */
	json_object			*action;	/* content.actions[q], or NULL */
};

/* The answers a report shows and the action plan chosen from them. */
struct report_answers {
	struct report_answer		*ans;	/* the phase questions, bank order */
	size_t				 nans;
	/*
	 * The weakest answered questions below their maximum that have an
	 * action: quick wins first, then the primary phase, then phase order.
	 */
	const struct report_answer	*plan[REPORT_MAX_ACTIONS];
	size_t				 nplan;
};

struct report_out {
	void	*pdf;			/* malloc'd; report_out_free */
	size_t	 len;
	int	 pages;
	char	 file_name[96];		/* [A-Za-z0-9-] and ".pdf" */
};

/*
 * Loads templates/reports/content.json and checks the fonts.  On error
 * the message names the file or setting.  The caller frees *rc with
 * report_free.
 */
enum app_err	 report_init(struct report_ctx **rc, const struct cfg *,
		    char *err, size_t errsz);
void		 report_free(struct report_ctx *);

/*
 * Renders report id inside the caller's transaction, whose tenant is the
 * report's.  On failure why says what went wrong (stored as the
 * report's failure reason; no client data in it).
 */
enum app_err	 report_render(struct report_ctx *, struct db *, const char *id,
		    struct report_out *, char *why, size_t whysz);

void		 report_out_free(struct report_out *);

/*
 * Reads the answers of assessment asm_id (in the caller's transaction,
 * whose tenant is the assessment's), scores each phase question of bank b
 * and chooses the action plan for the primary phase.  The actions point
 * into rc's content.  The caller frees *ra with report_answers_free.
 * Returns APP_ERR_DB or APP_ERR_NOMEM on failure.
 */
enum app_err	 report_answers(const struct report_ctx *, struct db *,
		    const struct bank *b, const char *asm_id, enum score_phase primary,
		    struct report_answers *ra);
void		 report_answers_free(struct report_answers *);

/*
 * The download file name: the business name reduced to [A-Za-z0-9-]
 * (accents dropped), then "-<type>-report.pdf".
 */
void		 report_file_name(char out[96], const char *business, const char *type);

#endif
