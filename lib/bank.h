/*
 * bank.h: the question bank, read once per process (and again after a
 * minute, so a re-seeded bank reaches running workers) and shared by the
 * questions endpoint, responses, scoring, the web UI and reports.
 */
#ifndef RISE_BANK_H
#define RISE_BANK_H

#include <stdbool.h>
#include <stddef.h>

#include <libpq-fe.h>

#include "db.h"
#include "score.h"

struct bank_option {
	const char	*id;
	const char	*text;
	bool		 has_score;	/* phase questions */
	int		 score;
	char		 disc;		/* 'D', 'I', 'S', 'C' or '\0' */
};

struct bank_question {
	const char	*id;
	int		 section;
	const char	*category;
	enum score_kind	 kind;
	enum score_phase phase;		/* SCORE_PHASE__MAX unless kind is phase */
	const char	*text;
	enum score_type	 type;
	bool		 required;
	int		 order;
	int		 max_points;
	size_t		 first;		/* index of its first option in bank.options */
	size_t		 noptions;
};

struct bank {
	struct bank_question	*questions;	/* in questionnaire order */
	size_t			 nquestions;
	struct bank_option	*options;
	size_t			 noptions;
	size_t			 nrequired;
	/* The scoring view, options in the same order as bank.options. */
	struct score_question	*sq;
	struct score_option	*so;
	PGresult		*qres, *ores;	/* own the strings */
	long long		 loaded;	/* util_now_us() */
};

/* The bank, loaded if needed; NULL on a database error.  Owned here. */
const struct bank	*bank_get(struct db *);

/* The question with this id, or NULL. */
const struct bank_question *bank_question(const struct bank *, const char *id);

/* The index in b->options of option id of question q, or -1. */
long			 bank_option(const struct bank *, const struct bank_question *,
			    const char *id);

#endif
