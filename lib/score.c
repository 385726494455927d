/*
 * score.c: phase and DISC scoring of an assessment.  See score.h and
 * docs/scoring.md.
 */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "score.h"

static const char *const phase_names[SCORE_PHASE__MAX] = {
	"Stabilize",	/* SCORE_STABILIZE */
	"Organize",	/* SCORE_ORGANIZE */
	"Build",	/* SCORE_BUILD */
	"Grow",		/* SCORE_GROW */
	"Systemic",	/* SCORE_SYSTEMIC */
};

static const char *const disc_names[SCORE_DISC__MAX] = {
	"D",		/* SCORE_D */
	"I",		/* SCORE_I */
	"S",		/* SCORE_S */
	"C",		/* SCORE_C */
};

static const char *const kind_names[SCORE_KIND__MAX] = {
	"phase",	/* SCORE_KIND_PHASE */
	"disc",		/* SCORE_KIND_DISC */
	"metadata",	/* SCORE_KIND_METADATA */
};

static const char *const type_names[SCORE_TYPE__MAX] = {
	"multiple_choice",	/* SCORE_TYPE_MULTIPLE_CHOICE */
	"multi_select",		/* SCORE_TYPE_MULTI_SELECT */
	"rating",		/* SCORE_TYPE_RATING */
};

static const char *const conf_names[SCORE_CONF__MAX] = {
	"low",		/* SCORE_CONF_LOW */
	"medium",	/* SCORE_CONF_MEDIUM */
	"high",		/* SCORE_CONF_HIGH */
};

static const char *const err_names[SCORE_ERR__MAX] = {
	"ok",						/* SCORE_OK */
	"unknown question kind",			/* SCORE_ERR_KIND */
	"unknown question type",			/* SCORE_ERR_TYPE */
	"phase question without a valid phase",		/* SCORE_ERR_PHASE */
	"question has options count but no options",	/* SCORE_ERR_OPTIONS */
	"option score or DISC letter out of range",	/* SCORE_ERR_VALUE */
	"several options chosen for a single answer",	/* SCORE_ERR_SELECTION */
	"negative multi_select cap",			/* SCORE_ERR_CAP */
};

/*
 * Look str up in a name table of n entries.
 * Returns its index, or n if str is NULL or not found (the __MAX value).
 */
static size_t
name_lookup(const char *const *names, size_t n, const char *str)
{
	size_t	 i;

	if (str == NULL)
		return n;
	for (i = 0; i < n; i++)
		if (strcmp(names[i], str) == 0)
			break;
	return i;
}

/*
 * The database spelling of a phase ("Stabilize" ... "Systemic").
 * Returns a static string, or NULL if the value is out of range.
 */
const char *
score_phase_name(enum score_phase v)
{

	return (size_t)v < SCORE_PHASE__MAX ? phase_names[v] : NULL;
}

/*
 * Parse a phase name, case-sensitively as the schema stores it.
 * Returns SCORE_PHASE__MAX if str is NULL or unknown.
 */
enum score_phase
score_phase_from_str(const char *str)
{

	return (enum score_phase)name_lookup(phase_names,
	    SCORE_PHASE__MAX, str);
}

/*
 * The letter of a DISC style ("D", "I", "S", "C").
 * Returns a static string, or NULL if the value is out of range (so a
 * missing primary or secondary style renders as JSON null).
 */
const char *
score_disc_name(enum score_disc v)
{

	return (size_t)v < SCORE_DISC__MAX ? disc_names[v] : NULL;
}

/*
 * Parse a DISC letter, upper case only.  A char(1) column comes back
 * from libpq as a one-character string.
 * Returns SCORE_DISC__MAX if str is NULL or unknown.
 */
enum score_disc
score_disc_from_str(const char *str)
{

	return (enum score_disc)name_lookup(disc_names,
	    SCORE_DISC__MAX, str);
}

/*
 * The database spelling of a question kind.
 * Returns a static string, or NULL if the value is out of range.
 */
const char *
score_kind_name(enum score_kind v)
{

	return (size_t)v < SCORE_KIND__MAX ? kind_names[v] : NULL;
}

/*
 * Parse questions.kind.
 * Returns SCORE_KIND__MAX if str is NULL or unknown.
 */
enum score_kind
score_kind_from_str(const char *str)
{

	return (enum score_kind)name_lookup(kind_names,
	    SCORE_KIND__MAX, str);
}

/*
 * The database spelling of a question type.
 * Returns a static string, or NULL if the value is out of range.
 */
const char *
score_type_name(enum score_type v)
{

	return (size_t)v < SCORE_TYPE__MAX ? type_names[v] : NULL;
}

/*
 * Parse questions.type.
 * Returns SCORE_TYPE__MAX if str is NULL or unknown.
 */
enum score_type
score_type_from_str(const char *str)
{

	return (enum score_type)name_lookup(type_names,
	    SCORE_TYPE__MAX, str);
}

/*
 * The name of a confidence level ("low", "medium", "high").
 * Returns a static string, or NULL if the value is out of range.
 */
const char *
score_conf_name(enum score_conf v)
{

	return (size_t)v < SCORE_CONF__MAX ? conf_names[v] : NULL;
}

/*
 * Describe an error of score_compute() for the log.
 * Returns a static string, never NULL.
 */
const char *
score_strerror(enum score_err e)
{

	return (size_t)e < SCORE_ERR__MAX ? err_names[e] : "unknown error";
}

/*
 * Points as a percentage of max, rounded half up (12.5 gives 13).
 * Returns 0 if max <= 0 or points <= 0, 100 if points >= max, else
 * 0..100.
 */
int
score_percent(int points, int max)
{
	long long	 p = points, m = max;

	if (max <= 0 || points <= 0)
		return 0;
	if (points >= max)
		return 100;
	/* floor(100p/m + 1/2), in integers. */
	return (int)((200 * p + m) / (2 * m));
}

/*
 * The primary phase: the first of Stabilize, Organize, Build and Grow
 * whose score is below threshold, else Systemic (whose own score does not
 * matter: it is where a business lands once the foundations hold).
 * A threshold of 0 or less always gives Systemic; above 100, Stabilize.
 * Returns a phase, never SCORE_PHASE__MAX.
 */
enum score_phase
score_phase_primary(const int scores[SCORE_PHASE__MAX], int threshold)
{
	size_t	 i;

	for (i = 0; i < SCORE_SYSTEMIC; i++)
		if (scores[i] < threshold)
			return (enum score_phase)i;
	return SCORE_SYSTEMIC;
}

/*
 * Check one question's description before it is scored.
 * Returns SCORE_OK or the first problem found.
 */
static enum score_err
question_check(const struct score_question *q)
{
	size_t	 i, nsel = 0;

	if ((size_t)q->kind >= SCORE_KIND__MAX)
		return SCORE_ERR_KIND;
	if (q->kind == SCORE_KIND_METADATA)
		return SCORE_OK;
	if ((size_t)q->type >= SCORE_TYPE__MAX)
		return SCORE_ERR_TYPE;
	if (q->kind == SCORE_KIND_PHASE &&
	    (size_t)q->phase >= SCORE_PHASE__MAX)
		return SCORE_ERR_PHASE;
	if (q->noptions > 0 && q->options == NULL)
		return SCORE_ERR_OPTIONS;
	if (q->kind == SCORE_KIND_PHASE &&
	    q->type == SCORE_TYPE_MULTI_SELECT && q->max_points < 0)
		return SCORE_ERR_CAP;

	for (i = 0; i < q->noptions; i++) {
		if (q->kind == SCORE_KIND_PHASE &&
		    (q->options[i].score < 0 ||
		     q->options[i].score > SCORE_OPTION_MAX))
			return SCORE_ERR_VALUE;
		if (q->kind == SCORE_KIND_DISC &&
		    (size_t)q->options[i].disc >= SCORE_DISC__MAX)
			return SCORE_ERR_VALUE;
		if (q->options[i].selected)
			nsel++;
	}

	if (q->type != SCORE_TYPE_MULTI_SELECT && nsel > 1)
		return SCORE_ERR_SELECTION;
	return SCORE_OK;
}

/*
 * Add a checked phase question to res: the chosen option's points (the
 * capped sum for multi_select) and the most it could have earned.
 */
static void
phase_add(const struct score_question *q, struct score_result *res)
{
	size_t	 i;
	int	 pts = 0, max = 0, sum = 0;
	bool	 answered = false;

	for (i = 0; i < q->noptions; i++) {
		const struct score_option *o = &q->options[i];

		if (q->type == SCORE_TYPE_MULTI_SELECT)
			sum += o->score;
		else if (o->score > max)
			max = o->score;
		if (o->selected) {
			pts += o->score;
			answered = true;
		}
	}

	if (q->type == SCORE_TYPE_MULTI_SELECT) {
		/* Scores are >= 0, so the sum of positives is the sum. */
		max = sum < q->max_points ? sum : q->max_points;
		if (pts > max)
			pts = max;
	}

	res->phase_points[q->phase] += pts;
	res->phase_max[q->phase] += max;
	if (answered)
		res->phase_answered++;
}

/*
 * Add a checked DISC question to res.  Each letter gets at most one point
 * and one unit of maximum per question, even if the question repeats a
 * letter or (multi_select) several options of it are chosen.
 */
static void
disc_add(const struct score_question *q, struct score_result *res)
{
	bool	 offered[SCORE_DISC__MAX] = { false };
	bool	 chosen[SCORE_DISC__MAX] = { false };
	bool	 answered = false;
	size_t	 i;

	for (i = 0; i < q->noptions; i++) {
		offered[q->options[i].disc] = true;
		if (q->options[i].selected) {
			chosen[q->options[i].disc] = true;
			answered = true;
		}
	}
	for (i = 0; i < SCORE_DISC__MAX; i++) {
		res->disc_max[i] += offered[i];
		res->disc_points[i] += chosen[i];
	}
	res->disc_total++;
	if (answered)
		res->disc_answered++;
}

/*
 * Rank the DISC scores: the highest, then the highest of the rest.  Ties
 * go to the earlier letter in D, I, S, C order: a strict comparison keeps
 * the first letter seen.  A secondary that earned no point is no style at
 * all and becomes SCORE_DISC__MAX.
 */
static void
disc_rank(struct score_result *res)
{
	size_t	 i;
	size_t	 first = SCORE_DISC__MAX, second = SCORE_DISC__MAX;
	int	 gap;

	for (i = 0; i < SCORE_DISC__MAX; i++)
		if (first == SCORE_DISC__MAX ||
		    res->disc_scores[i] > res->disc_scores[first])
			first = i;
	for (i = 0; i < SCORE_DISC__MAX; i++)
		if (i != first && (second == SCORE_DISC__MAX ||
		    res->disc_scores[i] > res->disc_scores[second]))
			second = i;
	if (res->disc_points[second] == 0)
		second = SCORE_DISC__MAX;

	res->disc_primary = (enum score_disc)first;
	res->disc_secondary = (enum score_disc)second;

	gap = res->disc_scores[first] -
	    (second == SCORE_DISC__MAX ? 0 : res->disc_scores[second]);
	if (res->disc_answered < SCORE_DISC_MIN_ANSWERS)
		res->disc_confidence = SCORE_CONF_LOW;
	else if (gap >= SCORE_GAP_HIGH)
		res->disc_confidence = SCORE_CONF_HIGH;
	else if (gap >= SCORE_GAP_MEDIUM)
		res->disc_confidence = SCORE_CONF_MEDIUM;
	else
		res->disc_confidence = SCORE_CONF_LOW;
}

/*
 * Score nquestions questions (any order, any mix of kinds) into res,
 * which the caller owns and need not initialize.  threshold picks the
 * primary phase (SCORE_THRESHOLD_DEFAULT normally; see
 * score_phase_primary()).
 * Returns SCORE_OK with res filled, or an error with res->err_index set
 * to the offending question and the rest of res unspecified.
 */
enum score_err
score_compute(const struct score_question *questions, size_t nquestions,
    int threshold, struct score_result *res)
{
	enum score_err	 er;
	size_t		 i;

	memset(res, 0, sizeof(*res));
	res->disc_primary = SCORE_DISC__MAX;
	res->disc_secondary = SCORE_DISC__MAX;
	res->disc_confidence = SCORE_CONF_LOW;

	for (i = 0; i < nquestions; i++) {
		if ((er = question_check(&questions[i])) != SCORE_OK) {
			res->err_index = i;
			return er;
		}
		if (questions[i].kind == SCORE_KIND_PHASE)
			phase_add(&questions[i], res);
		else if (questions[i].kind == SCORE_KIND_DISC)
			disc_add(&questions[i], res);
	}

	for (i = 0; i < SCORE_PHASE__MAX; i++)
		res->phase_scores[i] =
		    score_percent(res->phase_points[i], res->phase_max[i]);
	res->phase_primary = score_phase_primary(res->phase_scores, threshold);

	for (i = 0; i < SCORE_DISC__MAX; i++)
		res->disc_scores[i] =
		    score_percent(res->disc_points[i], res->disc_max[i]);
	res->has_disc = res->disc_answered > 0;
	if (res->has_disc)
		disc_rank(res);
	return SCORE_OK;
}
