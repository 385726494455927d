/*
 * answer.h: answering an assessment, shared by the API (POST
 * /v1/assessments/:id/responses, JSON) and the client's questionnaire in
 * the web UI (cgi-bin/web/assess.c, forms), so both apply the same rules:
 *
 * - an answer names a question of the bank and options of that question;
 * - multiple_choice and rating take exactly one option, multi_select one
 *   or more, none repeated;
 * - answering again replaces the stored answer (an upsert); an answer is
 *   never withdrawn, only changed;
 * - saving answers recomputes the progress (answered required questions,
 *   floor of the percentage) and moves a pending assessment to
 *   in_progress;
 * - the final submission needs every required question answered, then
 *   scores the answers and completes the assessment (assess_complete).
 *
 * Who may answer (the link or the consultant) and whether the assessment
 * is still open (not completed, not expired) are the callers' checks.
 */
#ifndef RISE_ANSWER_H
#define RISE_ANSWER_H

#include <stdbool.h>
#include <stddef.h>

#include <json-c/json.h>

#include "assess.h"
#include "bank.h"
#include "input.h"
#include "request.h"

/* One validated answer: a question and the ids of the options chosen. */
struct answer {
	const struct bank_question	*q;
	json_object			*ids;	/* array of option id strings, owned */
};

/* Why a choice of options is refused. */
enum answer_fault {
	ANSWER_OK,
	ANSWER_NOT_OPTION,	/* an id that is not an option of the question */
	ANSWER_ONE_ONLY,	/* several options for a one-option question */
	ANSWER_NONE,		/* no option at all */
	ANSWER_REPEATED,	/* the same option twice */
	ANSWER_FAULT__MAX
};

/* The message for a fault, as the API sends it ("" for ANSWER_OK). */
const char	*answer_fault_msg(enum answer_fault);

/*
 * Checks ids (a JSON array, borrowed, whose items should be option id
 * strings) as the answer to question q: the count first (exactly one
 * unless multi_select, else at least one), then each item in order (an
 * option of q, not repeated).  Returns the first fault, or ANSWER_OK.
 */
enum answer_fault answer_check(const struct bank *, const struct bank_question *,
		    json_object *ids);

/*
 * Reads the API's "responses" array (items, borrowed; NULL for none) into
 * a new array of answers that the caller releases with answer_free.  Each
 * item is {questionId, selectedOption | selectedOptions}; errors are
 * recorded in in under "responses[i].<field>", a question answered twice
 * under "responses[i].questionId".  *n is the number of items.  Use the
 * answers only if in_ok: an item that failed may lack its question or
 * its ids.  Returns NULL only when out of memory.
 */
struct answer	*answer_read_json(struct in *in, const struct bank *,
		    json_object *items, size_t *n);

/* Releases the option ids of n answers and the array; accepts NULL. */
void		 answer_free(struct answer *, size_t n);

/*
 * Reads the stored answers of assessment id: sel (b->noptions flags)
 * marks the options chosen, answered (b->nquestions flags) the questions
 * with at least one of their options; both are zeroed first.  Answers
 * naming a question or option no longer in the bank are skipped.
 */
enum app_err	 answer_load(struct req *, const struct bank *, const char *id,
		    bool *sel, bool *answered);

/* What answer_save did. */
struct answer_result {
	struct assess_state	 st;		/* after saving; caller puts st.missing */
	bool			 completed;	/* final, nothing missing: scored */
};

/*
 * Saves the n answers (all validated, q not NULL) of assessment id of
 * organization org, inside the request's transaction, and fills *res.
 * The caller holds the assessment's row locked and has checked that it
 * is open.  When n > 0 the progress is stored and a pending assessment
 * becomes in_progress.  With final, every required question must then be
 * answered: if so the assessment is scored and completed (res->completed,
 * progress 100) and the consultant's notice is queued (mail_queue); if
 * not, res->st.missing lists the questions and nothing more happens: the
 * API answers 400, which rolls the answers back too, while the web
 * questionnaire keeps them and shows what is missing.  Returns APP_OK,
 * or APP_ERR_DB / APP_ERR_NOMEM / APP_ERR_INVALID (the scoring failed) /
 * APP_ERR_IO (the mail templates); res->st.missing is the caller's to put
 * either way.
 */
enum app_err	 answer_save(struct req *, const struct bank *, const char *id,
		    const char *org, const struct answer *, size_t n, bool final,
		    struct answer_result *res);

#endif
