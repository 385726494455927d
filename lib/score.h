/*
 * score.h: scoring of a completed Financial RISE assessment.
 *
 * Pure computation: no I/O, no allocation, no global state.  The caller
 * describes every question (from the questions and question_options tables)
 * and marks the options chosen in the responses; score_compute() returns the
 * five phase scores with the primary phase, and the DISC scores with the
 * primary and secondary style and a confidence.  docs/scoring.md explains
 * the algorithms with worked examples.
 *
 * Scores are integer percentages, 0 to 100, rounded half up.  Primary phase
 * and DISC ranking compare these rounded scores, so what a report shows is
 * what was ranked.
 */
#ifndef SCORE_H
#define SCORE_H

#include <stdbool.h>
#include <stddef.h>

/* The phase whose score is below this is the primary phase, by default. */
#define SCORE_THRESHOLD_DEFAULT	70

/* Highest points an option of a phase question may carry. */
#define SCORE_OPTION_MAX	5

/*
 * DISC confidence: fewer answered DISC questions than SCORE_DISC_MIN_ANSWERS
 * is always low; otherwise the gap between the primary and the secondary
 * score (in percentage points) gives high at SCORE_GAP_HIGH or more, medium
 * at SCORE_GAP_MEDIUM or more, else low.
 */
#define SCORE_DISC_MIN_ANSWERS	6
#define SCORE_GAP_HIGH		20
#define SCORE_GAP_MEDIUM	10

/* questions.phase; also the order in which the primary phase is sought. */
enum	score_phase {
	SCORE_STABILIZE,
	SCORE_ORGANIZE,
	SCORE_BUILD,
	SCORE_GROW,
	SCORE_SYSTEMIC,
	SCORE_PHASE__MAX
};

/* question_options.disc; also the tie order, D first. */
enum	score_disc {
	SCORE_D,
	SCORE_I,
	SCORE_S,
	SCORE_C,
	SCORE_DISC__MAX
};

/* questions.kind */
enum	score_kind {
	SCORE_KIND_PHASE,
	SCORE_KIND_DISC,
	SCORE_KIND_METADATA,
	SCORE_KIND__MAX
};

/* questions.type */
enum	score_type {
	SCORE_TYPE_MULTIPLE_CHOICE,
	SCORE_TYPE_MULTI_SELECT,
	SCORE_TYPE_RATING,
	SCORE_TYPE__MAX
};

/* How far the DISC primary style can be trusted. */
enum	score_conf {
	SCORE_CONF_LOW,
	SCORE_CONF_MEDIUM,
	SCORE_CONF_HIGH,
	SCORE_CONF__MAX
};

enum	score_err {
	SCORE_OK = 0,
	SCORE_ERR_KIND,		/* kind out of range */
	SCORE_ERR_TYPE,		/* type out of range */
	SCORE_ERR_PHASE,	/* phase question without a valid phase */
	SCORE_ERR_OPTIONS,	/* noptions > 0 but options is NULL */
	SCORE_ERR_VALUE,	/* score not 0..5, or disc not D/I/S/C */
	SCORE_ERR_SELECTION,	/* several options chosen for one answer */
	SCORE_ERR_CAP,		/* multi_select max_points below 0 */
	SCORE_ERR__MAX
};

/* One row of question_options, plus whether the response chose it. */
struct	score_option {
	int		 score;		/* phase question: 0 to 5 */
	enum score_disc	 disc;		/* disc question: the letter */
	bool		 selected;	/* in responses.option_ids */
};

/*
 * One row of questions.  No option selected means unanswered: it scores
 * nothing but still counts towards the maximum (leave a question out of the
 * array to ignore it).  Metadata questions are ignored and may be left out.
 */
struct	score_question {
	enum score_kind		 kind;
	enum score_type		 type;
	enum score_phase	 phase;		/* phase questions only */
	int			 max_points;	/* multi_select phase cap */
	const struct score_option *options;	/* in order_index order */
	size_t			 noptions;
};

struct	score_result {
	int		 phase_points[SCORE_PHASE__MAX];
	int		 phase_max[SCORE_PHASE__MAX];
	int		 phase_scores[SCORE_PHASE__MAX];	/* 0..100 */
	enum score_phase phase_primary;
	size_t		 phase_answered;	/* phase questions answered */
	bool		 has_disc;		/* a DISC question answered */
	int		 disc_points[SCORE_DISC__MAX];
	int		 disc_max[SCORE_DISC__MAX];
	int		 disc_scores[SCORE_DISC__MAX];	/* 0..100 */
	enum score_disc	 disc_primary;		/* __MAX if !has_disc */
	enum score_disc	 disc_secondary;	/* __MAX if none scored */
	enum score_conf	 disc_confidence;	/* LOW if !has_disc */
	size_t		 disc_answered;
	size_t		 disc_total;		/* DISC questions given */
	size_t		 err_index;		/* failing question */
};

const char	*score_phase_name(enum score_phase);
enum score_phase score_phase_from_str(const char *);
const char	*score_disc_name(enum score_disc);
enum score_disc	 score_disc_from_str(const char *);
const char	*score_kind_name(enum score_kind);
enum score_kind	 score_kind_from_str(const char *);
const char	*score_type_name(enum score_type);
enum score_type	 score_type_from_str(const char *);
const char	*score_conf_name(enum score_conf);
const char	*score_strerror(enum score_err);

int		 score_percent(int points, int max);
enum score_phase score_phase_primary(const int scores[SCORE_PHASE__MAX],
		    int threshold);
enum score_err	 score_compute(const struct score_question *questions,
		    size_t nquestions, int threshold, struct score_result *res);

#endif /* !SCORE_H */
