/*
 * test_score.c: CUnit suite for lib/score (phase and DISC scoring).
 *
 * Most tests are tables of input -> expected output; a failure names the
 * table row's line.  The last test scores 20,000 simulated clients over a
 * question set shaped like sql/seed/001_questions.sql.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "score.h"

void	suite_score(void);

#define MC	SCORE_TYPE_MULTIPLE_CHOICE
#define MS	SCORE_TYPE_MULTI_SELECT
#define RATING	SCORE_TYPE_RATING

#define BANK_QMAX	96
#define BANK_OMAX	1024

/* A question set whose selections the tests change in place. */
struct	bank {
	struct score_question	 q[BANK_QMAX];
	struct score_option	 o[BANK_OMAX];
	size_t			 first[BANK_QMAX];	/* q[i]'s options */
	size_t			 nq, no;
};

static void	check_at(int, bool, const char *, ...)
		    __attribute__((format(printf, 3, 4)));

/*
 * Record one assertion at a table row's line rather than the line of
 * this call.  CUnit copies the message, so a stack buffer will do.
 */
static void
check_at(int line, bool ok, const char *fmt, ...)
{
	char	 buf[512];
	va_list	 ap;

	if (ok) {
		CU_assertImplementation(CU_TRUE, (unsigned int)line, "ok",
		    __FILE__, "", CU_FALSE);
		return;
	}
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	CU_assertImplementation(CU_FALSE, (unsigned int)line, buf,
	    __FILE__, "", CU_FALSE);
}

/* Format a letter for messages: '-' for SCORE_DISC__MAX. */
static char
disc_char(enum score_disc d)
{
	const char	*s = score_disc_name(d);

	return s == NULL ? '-' : s[0];
}

/*
 * Append a question with n options to b.  Phase questions take scores,
 * DISC questions letters (one character per option).
 * Returns the new question's index.
 */
static size_t
bank_add(struct bank *b, enum score_kind kind, enum score_type type,
    enum score_phase phase, int cap, const int *scores, const char *letters,
    size_t n)
{
	struct score_question	*q;
	size_t			 i;

	CU_ASSERT_FATAL(b->nq < BANK_QMAX && b->no + n <= BANK_OMAX);
	q = &b->q[b->nq];
	memset(q, 0, sizeof(*q));
	q->kind = kind;
	q->type = type;
	q->phase = phase;
	q->max_points = cap;
	q->options = &b->o[b->no];
	q->noptions = n;
	b->first[b->nq] = b->no;
	for (i = 0; i < n; i++) {
		struct score_option *o = &b->o[b->no + i];

		memset(o, 0, sizeof(*o));
		o->score = scores == NULL ? 0 : scores[i];
		o->disc = letters == NULL ? SCORE_D :
		    score_disc_from_str((char[]){ letters[i], '\0' });
	}
	b->no += n;
	return b->nq++;
}

/* Option j of question i, writable. */
static struct score_option *
bank_opt(struct bank *b, size_t i, size_t j)
{

	return &b->o[b->first[i] + j];
}

/* Select the options of question i given by bit mask (bit j: option j). */
static void
bank_select(struct bank *b, size_t i, unsigned int mask)
{
	size_t	 j;

	for (j = 0; j < b->q[i].noptions; j++)
		bank_opt(b, i, j)->selected = (mask >> j) & 1u;
}

/* Clear every selection: nothing answered. */
static void
bank_clear(struct bank *b)
{
	size_t	 i;

	for (i = 0; i < b->no; i++)
		b->o[i].selected = false;
}

/*
 * A question set shaped like the seed bank: four metadata questions,
 * nine questions per phase mixing multiple_choice, rating and
 * multi_select, and twelve DISC questions with the letters in varied
 * order.
 */
static void
bank_realistic(struct bank *b)
{
	static const struct {
		enum score_type	 type;
		int		 cap;
		size_t		 n;
		int		 scores[6];
	} shapes[] = {
		{ MC, 0, 3, { 1, 3, 5 } },
		{ MC, 0, 4, { 0, 2, 4, 5 } },
		{ RATING, 0, 5, { 1, 2, 3, 4, 5 } },
		{ MC, 0, 4, { 0, 1, 3, 5 } },
		{ MS, 5, 6, { 1, 1, 2, 2, 1, 0 } },
		{ MC, 0, 4, { 5, 3, 1, 0 } },
		{ RATING, 0, 5, { 1, 2, 3, 4, 5 } },
		{ MC, 0, 5, { 0, 2, 3, 4, 5 } },
		{ MS, 4, 5, { 2, 1, 1, 1, 0 } },
	};
	static const char *const orders[] = {
		"DISC", "SCDI", "ICSD", "CDIS", "IDSC", "SIDC",
		"CSID", "DCSI", "ISCD", "SDCI", "CIDS", "DSIC",
	};
	static const int zeros[6] = { 0 };
	size_t	 i, p, k, nshapes = sizeof(shapes) / sizeof(shapes[0]);

	memset(b, 0, sizeof(*b));
	for (i = 0; i < 4; i++)
		bank_add(b, SCORE_KIND_METADATA, MC, SCORE_PHASE__MAX, 0,
		    zeros, NULL, 5);
	for (p = 0; p < SCORE_PHASE__MAX; p++)
		for (i = 0; i < nshapes; i++) {
			k = (i + p) % nshapes;
			bank_add(b, SCORE_KIND_PHASE, shapes[k].type,
			    (enum score_phase)p, shapes[k].cap,
			    shapes[k].scores, NULL, shapes[k].n);
		}
	for (i = 0; i < sizeof(orders) / sizeof(orders[0]); i++)
		bank_add(b, SCORE_KIND_DISC, MC, SCORE_PHASE__MAX, 0,
		    NULL, orders[i], 4);
}

/* Index of the option of DISC question i carrying letter c, or -1. */
static int
bank_letter(struct bank *b, size_t i, char c)
{
	size_t	 j;

	for (j = 0; j < b->q[i].noptions; j++)
		if (disc_char(bank_opt(b, i, j)->disc) == c)
			return (int)j;
	return -1;
}

static void
test_names(void)
{
	static const struct {
		int		 line;
		const char	*str;
		int		 phase, disc, kind, type;
	} cases[] = {
		{ __LINE__, "Stabilize", SCORE_STABILIZE, 4, 3, 3 },
		{ __LINE__, "Organize", SCORE_ORGANIZE, 4, 3, 3 },
		{ __LINE__, "Build", SCORE_BUILD, 4, 3, 3 },
		{ __LINE__, "Grow", SCORE_GROW, 4, 3, 3 },
		{ __LINE__, "Systemic", SCORE_SYSTEMIC, 4, 3, 3 },
		{ __LINE__, "D", 5, SCORE_D, 3, 3 },
		{ __LINE__, "I", 5, SCORE_I, 3, 3 },
		{ __LINE__, "S", 5, SCORE_S, 3, 3 },
		{ __LINE__, "C", 5, SCORE_C, 3, 3 },
		{ __LINE__, "phase", 5, 4, SCORE_KIND_PHASE, 3 },
		{ __LINE__, "disc", 5, 4, SCORE_KIND_DISC, 3 },
		{ __LINE__, "metadata", 5, 4, SCORE_KIND_METADATA, 3 },
		{ __LINE__, "multiple_choice", 5, 4, 3,
		    SCORE_TYPE_MULTIPLE_CHOICE },
		{ __LINE__, "multi_select", 5, 4, 3, SCORE_TYPE_MULTI_SELECT },
		{ __LINE__, "rating", 5, 4, 3, SCORE_TYPE_RATING },
		/* Negative cases: case, spaces, prefixes, empty. */
		{ __LINE__, "stabilize", 5, 4, 3, 3 },
		{ __LINE__, "SYSTEMIC", 5, 4, 3, 3 },
		{ __LINE__, "Grow ", 5, 4, 3, 3 },
		{ __LINE__, "Gro", 5, 4, 3, 3 },
		{ __LINE__, "d", 5, 4, 3, 3 },
		{ __LINE__, "DI", 5, 4, 3, 3 },
		{ __LINE__, "X", 5, 4, 3, 3 },
		{ __LINE__, "", 5, 4, 3, 3 },
		{ __LINE__, "Phase", 5, 4, 3, 3 },
		{ __LINE__, "multiple-choice", 5, 4, 3, 3 },
		{ __LINE__, NULL, 5, 4, 3, 3 },
	};
	size_t	 i;

	/* The sentinels the table uses for "not this enum". */
	CU_ASSERT_EQUAL(SCORE_PHASE__MAX, 5);
	CU_ASSERT_EQUAL(SCORE_DISC__MAX, 4);
	CU_ASSERT_EQUAL(SCORE_KIND__MAX, 3);
	CU_ASSERT_EQUAL(SCORE_TYPE__MAX, 3);

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *s = cases[i].str == NULL ? "(null)" : cases[i].str;
		int	 p = (int)score_phase_from_str(cases[i].str);
		int	 d = (int)score_disc_from_str(cases[i].str);
		int	 k = (int)score_kind_from_str(cases[i].str);
		int	 t = (int)score_type_from_str(cases[i].str);

		check_at(cases[i].line, p == cases[i].phase,
		    "phase \"%s\": got %d, want %d", s, p, cases[i].phase);
		check_at(cases[i].line, d == cases[i].disc,
		    "disc \"%s\": got %d, want %d", s, d, cases[i].disc);
		check_at(cases[i].line, k == cases[i].kind,
		    "kind \"%s\": got %d, want %d", s, k, cases[i].kind);
		check_at(cases[i].line, t == cases[i].type,
		    "type \"%s\": got %d, want %d", s, t, cases[i].type);
	}

	/* Round trips, and NULL for out-of-range values. */
	for (i = 0; i < SCORE_PHASE__MAX; i++)
		CU_ASSERT_EQUAL(score_phase_from_str(
		    score_phase_name((enum score_phase)i)), i);
	for (i = 0; i < SCORE_DISC__MAX; i++)
		CU_ASSERT_EQUAL(score_disc_from_str(
		    score_disc_name((enum score_disc)i)), i);
	for (i = 0; i < SCORE_KIND__MAX; i++)
		CU_ASSERT_EQUAL(score_kind_from_str(
		    score_kind_name((enum score_kind)i)), i);
	for (i = 0; i < SCORE_TYPE__MAX; i++)
		CU_ASSERT_EQUAL(score_type_from_str(
		    score_type_name((enum score_type)i)), i);
	CU_ASSERT_PTR_NULL(score_phase_name(SCORE_PHASE__MAX));
	CU_ASSERT_PTR_NULL(score_phase_name((enum score_phase)99));
	CU_ASSERT_PTR_NULL(score_disc_name(SCORE_DISC__MAX));
	CU_ASSERT_PTR_NULL(score_kind_name(SCORE_KIND__MAX));
	CU_ASSERT_PTR_NULL(score_type_name(SCORE_TYPE__MAX));
	CU_ASSERT_PTR_NULL(score_conf_name(SCORE_CONF__MAX));
	CU_ASSERT_STRING_EQUAL(score_conf_name(SCORE_CONF_LOW), "low");
	CU_ASSERT_STRING_EQUAL(score_conf_name(SCORE_CONF_MEDIUM), "medium");
	CU_ASSERT_STRING_EQUAL(score_conf_name(SCORE_CONF_HIGH), "high");
	for (i = 0; i <= SCORE_ERR__MAX; i++)
		CU_ASSERT_PTR_NOT_NULL(score_strerror((enum score_err)i));
	CU_ASSERT_STRING_EQUAL(score_strerror(SCORE_OK), "ok");
}

static void
test_percent(void)
{
	static const struct {
		int	 line;
		int	 points, max, want;
	} cases[] = {
		{ __LINE__, 0, 0, 0 },		/* empty phase */
		{ __LINE__, 5, 0, 0 },
		{ __LINE__, 0, 45, 0 },
		{ __LINE__, 45, 45, 100 },
		{ __LINE__, 46, 45, 100 },	/* clamped */
		{ __LINE__, -1, 45, 0 },	/* clamped */
		{ __LINE__, 3, 5, 60 },
		{ __LINE__, 1, 8, 13 },		/* 12.5 rounds up */
		{ __LINE__, 3, 8, 38 },		/* 37.5 */
		{ __LINE__, 7, 8, 88 },		/* 87.5 */
		{ __LINE__, 1, 3, 33 },		/* 33.33 */
		{ __LINE__, 2, 3, 67 },		/* 66.67 */
		{ __LINE__, 1, 200, 1 },	/* 0.5 */
		{ __LINE__, 1, 201, 0 },	/* 0.4975 */
		{ __LINE__, 199, 200, 100 },	/* 99.5 */
		{ __LINE__, 398, 401, 99 },	/* 99.25 */
		{ __LINE__, 11, 20, 55 },
		{ __LINE__, 1, 12, 8 },		/* 8.33 */
		{ __LINE__, 5, 12, 42 },	/* 41.67 */
		{ __LINE__, 1, 6, 17 },		/* 16.67 */
		{ __LINE__, 1000000, 2000001, 50 },	/* no overflow */
		{ __LINE__, 2147483646, 2147483647, 100 },
	};
	size_t	 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int	 got = score_percent(cases[i].points, cases[i].max);

		check_at(cases[i].line, got == cases[i].want,
		    "score_percent(%d, %d) = %d, want %d", cases[i].points,
		    cases[i].max, got, cases[i].want);
	}
}

static void
test_phase_primary(void)
{
	static const struct {
		int		 line;
		int		 scores[SCORE_PHASE__MAX];
		int		 threshold;
		enum score_phase want;
	} cases[] = {
		/* The API document's example. */
		{ __LINE__, { 80, 85, 55, 30, 40 }, 70, SCORE_BUILD },
		{ __LINE__, { 80, 85, 55, 30, 40 }, 50, SCORE_GROW },
		{ __LINE__, { 80, 85, 55, 30, 40 }, 81, SCORE_STABILIZE },
		{ __LINE__, { 80, 85, 55, 30, 40 }, 80, SCORE_BUILD },
		{ __LINE__, { 80, 85, 55, 30, 40 }, 30, SCORE_SYSTEMIC },
		{ __LINE__, { 80, 85, 55, 30, 40 }, 86, SCORE_STABILIZE },
		{ __LINE__, { 100, 100, 100, 100, 100 }, 70, SCORE_SYSTEMIC },
		{ __LINE__, { 0, 0, 0, 0, 0 }, 70, SCORE_STABILIZE },
		/* 70 is not below 70; Systemic's own score is not used. */
		{ __LINE__, { 70, 70, 70, 70, 0 }, 70, SCORE_SYSTEMIC },
		{ __LINE__, { 69, 100, 100, 100, 100 }, 70, SCORE_STABILIZE },
		{ __LINE__, { 70, 69, 100, 100, 100 }, 70, SCORE_ORGANIZE },
		{ __LINE__, { 90, 90, 90, 69, 10 }, 70, SCORE_GROW },
		{ __LINE__, { 90, 10, 10, 10, 10 }, 70, SCORE_ORGANIZE },
		/* Out-of-range thresholds. */
		{ __LINE__, { 0, 0, 0, 0, 0 }, 0, SCORE_SYSTEMIC },
		{ __LINE__, { 0, 0, 0, 0, 0 }, -5, SCORE_SYSTEMIC },
		{ __LINE__, { 100, 100, 100, 100, 100 }, 101, SCORE_STABILIZE },
		{ __LINE__, { 100, 100, 100, 100, 100 }, 100, SCORE_SYSTEMIC },
	};
	size_t	 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum score_phase got = score_phase_primary(cases[i].scores,
		    cases[i].threshold);

		check_at(cases[i].line, got == cases[i].want,
		    "threshold %d: got %s, want %s", cases[i].threshold,
		    score_phase_name(got), score_phase_name(cases[i].want));
	}
}

/*
 * The document's example through score_compute(): one multi_select
 * question per phase with twenty options of 5 points and a cap of 100, so
 * choosing k options scores 5k per cent.
 */
static void
test_document_example(void)
{
	static const int	 chosen[SCORE_PHASE__MAX] = { 16, 17, 11, 6, 8 };
	static const int	 want[SCORE_PHASE__MAX] = { 80, 85, 55, 30, 40 };
	static const struct {
		int		 line;
		int		 threshold;
		enum score_phase want;
	} thresholds[] = {
		{ __LINE__, SCORE_THRESHOLD_DEFAULT, SCORE_BUILD },
		{ __LINE__, 90, SCORE_STABILIZE },
		{ __LINE__, 81, SCORE_STABILIZE },
		{ __LINE__, 80, SCORE_BUILD },
		{ __LINE__, 56, SCORE_BUILD },
		{ __LINE__, 55, SCORE_GROW },
		{ __LINE__, 31, SCORE_GROW },
		{ __LINE__, 30, SCORE_SYSTEMIC },
		{ __LINE__, 0, SCORE_SYSTEMIC },
	};
	static struct bank	 b;
	struct score_result	 res;
	int			 fives[20];
	size_t			 i, p, q;

	memset(&b, 0, sizeof(b));
	for (i = 0; i < 20; i++)
		fives[i] = 5;
	for (p = 0; p < SCORE_PHASE__MAX; p++) {
		q = bank_add(&b, SCORE_KIND_PHASE, MS, (enum score_phase)p,
		    100, fives, NULL, 20);
		bank_select(&b, q, (1u << chosen[p]) - 1);
	}

	CU_ASSERT_EQUAL_FATAL(score_compute(b.q, b.nq,
	    SCORE_THRESHOLD_DEFAULT, &res), SCORE_OK);
	for (p = 0; p < SCORE_PHASE__MAX; p++) {
		CU_ASSERT_EQUAL(res.phase_scores[p], want[p]);
		CU_ASSERT_EQUAL(res.phase_max[p], 100);
	}
	CU_ASSERT_EQUAL(res.phase_primary, SCORE_BUILD);
	CU_ASSERT_EQUAL(res.phase_answered, 5);
	CU_ASSERT_FALSE(res.has_disc);

	for (i = 0; i < sizeof(thresholds) / sizeof(thresholds[0]); i++) {
		enum score_err	 er;

		er = score_compute(b.q, b.nq, thresholds[i].threshold, &res);
		check_at(thresholds[i].line,
		    er == SCORE_OK && res.phase_primary == thresholds[i].want,
		    "threshold %d: got %s, want %s", thresholds[i].threshold,
		    score_phase_name(res.phase_primary),
		    score_phase_name(thresholds[i].want));
	}
}

/* One phase question: points, maximum and score for a selection. */
static void
test_question_types(void)
{
	static const struct {
		int		 line;
		enum score_type	 type;
		int		 cap;
		size_t		 n;
		int		 scores[8];
		unsigned int	 sel;
		int		 points, max, pct;
	} cases[] = {
		/* multiple_choice: the chosen score out of the best. */
		{ __LINE__, MC, 0, 3, { 1, 3, 5 }, 0x2, 3, 5, 60 },
		{ __LINE__, MC, 0, 3, { 1, 3, 5 }, 0x4, 5, 5, 100 },
		{ __LINE__, MC, 0, 3, { 1, 3, 5 }, 0x1, 1, 5, 20 },
		{ __LINE__, MC, 0, 3, { 1, 3, 5 }, 0x0, 0, 5, 0 },
		{ __LINE__, MC, 0, 4, { 5, 0, 2, 4 }, 0x1, 5, 5, 100 },
		{ __LINE__, MC, 0, 4, { 5, 0, 2, 4 }, 0x8, 4, 5, 80 },
		{ __LINE__, MC, 0, 3, { 0, 1, 3 }, 0x2, 1, 3, 33 },
		{ __LINE__, MC, 0, 3, { 0, 2, 3 }, 0x2, 2, 3, 67 },
		{ __LINE__, MC, 0, 3, { 0, 0, 0 }, 0x1, 0, 0, 0 },
		{ __LINE__, MC, 0, 0, { 0 }, 0x0, 0, 0, 0 },
		/* rating: the same rule, whatever the scale. */
		{ __LINE__, RATING, 0, 5, { 1, 2, 3, 4, 5 }, 0x01, 1, 5, 20 },
		{ __LINE__, RATING, 0, 5, { 1, 2, 3, 4, 5 }, 0x04, 3, 5, 60 },
		{ __LINE__, RATING, 0, 5, { 1, 2, 3, 4, 5 }, 0x10, 5, 5, 100 },
		{ __LINE__, RATING, 0, 5, { 1, 2, 3, 4, 5 }, 0x00, 0, 5, 0 },
		{ __LINE__, RATING, 0, 5, { 0, 1, 2, 3, 4 }, 0x02, 1, 4, 25 },
		{ __LINE__, RATING, 0, 5, { 0, 1, 3, 4, 5 }, 0x04, 3, 5, 60 },
		/* multi_select: sum of choices, capped; max is capped too. */
		{ __LINE__, MS, 5, 6, { 1, 1, 2, 2, 1, 0 }, 0x3f, 5, 5, 100 },
		{ __LINE__, MS, 5, 6, { 1, 1, 2, 2, 1, 0 }, 0x1f, 5, 5, 100 },
		{ __LINE__, MS, 5, 6, { 1, 1, 2, 2, 1, 0 }, 0x0c, 4, 5, 80 },
		{ __LINE__, MS, 5, 6, { 1, 1, 2, 2, 1, 0 }, 0x03, 2, 5, 40 },
		{ __LINE__, MS, 5, 6, { 1, 1, 2, 2, 1, 0 }, 0x20, 0, 5, 0 },
		{ __LINE__, MS, 5, 6, { 1, 1, 2, 2, 1, 0 }, 0x00, 0, 5, 0 },
		{ __LINE__, MS, 10, 3, { 1, 2, 0 }, 0x3, 3, 3, 100 },
		{ __LINE__, MS, 10, 3, { 1, 2, 0 }, 0x1, 1, 3, 33 },
		{ __LINE__, MS, 4, 3, { 2, 2, 2 }, 0x5, 4, 4, 100 },
		{ __LINE__, MS, 4, 3, { 2, 2, 2 }, 0x7, 4, 4, 100 },
		{ __LINE__, MS, 4, 3, { 2, 2, 2 }, 0x1, 2, 4, 50 },
		{ __LINE__, MS, 0, 3, { 2, 2, 2 }, 0x7, 0, 0, 0 },
		/* Rounding half up through a whole phase. */
		{ __LINE__, MS, 8, 8, { 1, 1, 1, 1, 1, 1, 1, 1 }, 0x01,
		    1, 8, 13 },
		{ __LINE__, MS, 8, 8, { 1, 1, 1, 1, 1, 1, 1, 1 }, 0x07,
		    3, 8, 38 },
		{ __LINE__, MS, 8, 8, { 1, 1, 1, 1, 1, 1, 1, 1 }, 0x7f,
		    7, 8, 88 },
	};
	static struct bank	 b;
	struct score_result	 res;
	size_t			 i, p, q;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		for (p = 0; p < SCORE_PHASE__MAX; p++) {
			enum score_err	 er;

			memset(&b, 0, sizeof(b));
			q = bank_add(&b, SCORE_KIND_PHASE, cases[i].type,
			    (enum score_phase)p, cases[i].cap,
			    cases[i].scores, NULL, cases[i].n);
			bank_select(&b, q, cases[i].sel);
			er = score_compute(b.q, b.nq,
			    SCORE_THRESHOLD_DEFAULT, &res);
			check_at(cases[i].line, er == SCORE_OK, "error %s",
			    score_strerror(er));
			check_at(cases[i].line,
			    res.phase_points[p] == cases[i].points &&
			    res.phase_max[p] == cases[i].max &&
			    res.phase_scores[p] == cases[i].pct,
			    "%s %s: got %d/%d = %d%%, want %d/%d = %d%%",
			    score_phase_name((enum score_phase)p),
			    score_type_name(cases[i].type),
			    res.phase_points[p], res.phase_max[p],
			    res.phase_scores[p], cases[i].points,
			    cases[i].max, cases[i].pct);
			check_at(cases[i].line,
			    res.phase_answered == (cases[i].sel != 0),
			    "answered %zu", res.phase_answered);
		}
	}
}

/*
 * DISC: twelve (or fewer) questions that each offer all four letters in
 * a rotating order; answers[i] is the letter chosen for question i, '-'
 * for unanswered.
 */
static void
test_disc(void)
{
	static const struct {
		int		 line;
		const char	*answers;
		bool		 has_disc;
		char		 primary, secondary;
		enum score_conf	 conf;
		int		 scores[SCORE_DISC__MAX];
	} cases[] = {
		/* Clear winner. */
		{ __LINE__, "DDDDDDDIISCC", true, 'D', 'I', SCORE_CONF_HIGH,
		    { 58, 17, 8, 17 } },
		/* docs/scoring.md's example. */
		{ __LINE__, "DCDIDCDSDIDC", true, 'D', 'C', SCORE_CONF_HIGH,
		    { 50, 17, 8, 25 } },
		/* Four-way tie: D, then I. */
		{ __LINE__, "DDDIIISSSCCC", true, 'D', 'I', SCORE_CONF_LOW,
		    { 25, 25, 25, 25 } },
		{ __LINE__, "CSICSICSI---", true, 'I', 'S', SCORE_CONF_LOW,
		    { 0, 25, 25, 25 } },
		{ __LINE__, "SSSCCC------", true, 'S', 'C', SCORE_CONF_LOW,
		    { 0, 0, 25, 25 } },
		{ __LINE__, "IIIIIIDDDDDD", true, 'D', 'I', SCORE_CONF_LOW,
		    { 50, 50, 0, 0 } },
		{ __LINE__, "CCCCCCSSSSSS", true, 'S', 'C', SCORE_CONF_LOW,
		    { 0, 0, 50, 50 } },
		/* Tie for second place: the earlier letter. */
		{ __LINE__, "CCCCSSIIDD--", true, 'C', 'D', SCORE_CONF_MEDIUM,
		    { 17, 17, 17, 33 } },
		/* Gaps around the confidence boundaries. */
		{ __LINE__, "DDDDDIIISSSC", true, 'D', 'I', SCORE_CONF_MEDIUM,
		    { 42, 25, 25, 8 } },
		{ __LINE__, "DDDDIIISSC", true, 'D', 'I', SCORE_CONF_MEDIUM,
		    { 40, 30, 20, 10 } },		/* gap 10 */
		{ __LINE__, "DDDDDIIISC", true, 'D', 'I', SCORE_CONF_HIGH,
		    { 50, 30, 10, 10 } },		/* gap 20 */
		{ __LINE__, "DDDDIIISSCC", true, 'D', 'I', SCORE_CONF_LOW,
		    { 36, 27, 18, 18 } },		/* gap 9 */
		{ __LINE__, "SSSSSSSSSIII", true, 'S', 'I', SCORE_CONF_HIGH,
		    { 0, 25, 75, 0 } },
		/* No other letter chosen: no secondary. */
		{ __LINE__, "SSSSSS------", true, 'S', '-', SCORE_CONF_HIGH,
		    { 0, 0, 50, 0 } },
		{ __LINE__, "IIIIIIIIIIII", true, 'I', '-', SCORE_CONF_HIGH,
		    { 0, 100, 0, 0 } },
		/* Too few answers: low, whatever the gap. */
		{ __LINE__, "SSSSS-------", true, 'S', '-', SCORE_CONF_LOW,
		    { 0, 0, 42, 0 } },
		{ __LINE__, "C-----------", true, 'C', '-', SCORE_CONF_LOW,
		    { 0, 0, 0, 8 } },
		{ __LINE__, "D", true, 'D', '-', SCORE_CONF_LOW,
		    { 100, 0, 0, 0 } },
		/* Nothing answered: no style at all. */
		{ __LINE__, "------------", false, '-', '-', SCORE_CONF_LOW,
		    { 0, 0, 0, 0 } },
		{ __LINE__, "", false, '-', '-', SCORE_CONF_LOW,
		    { 0, 0, 0, 0 } },
	};
	static const char *const orders[] = {
		"DISC", "SCDI", "ICSD", "CDIS", "IDSC", "SIDC",
		"CSID", "DCSI", "ISCD", "SDCI", "CIDS", "DSIC",
	};
	static struct bank	 b;
	struct score_result	 res;
	size_t			 i, j, n, nans;
	int			 k;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum score_err	 er;
		const char	*a = cases[i].answers;
		bool		 ok;

		memset(&b, 0, sizeof(b));
		n = strlen(a);
		nans = 0;
		for (j = 0; j < n; j++) {
			bank_add(&b, SCORE_KIND_DISC, MC, SCORE_PHASE__MAX, 0,
			    NULL, orders[j % 12], 4);
			if (a[j] == '-')
				continue;
			k = bank_letter(&b, j, a[j]);
			CU_ASSERT_FATAL(k >= 0);
			bank_opt(&b, j, (size_t)k)->selected = true;
			nans++;
		}
		er = score_compute(b.q, b.nq, SCORE_THRESHOLD_DEFAULT, &res);
		check_at(cases[i].line, er == SCORE_OK, "error %s",
		    score_strerror(er));
		ok = res.has_disc == cases[i].has_disc &&
		    disc_char(res.disc_primary) == cases[i].primary &&
		    disc_char(res.disc_secondary) == cases[i].secondary &&
		    res.disc_confidence == cases[i].conf &&
		    res.disc_answered == nans && res.disc_total == n;
		check_at(cases[i].line, ok, "%s: got has_disc %d, %c/%c %s, "
		    "answered %zu of %zu; want %d, %c/%c %s", a,
		    res.has_disc, disc_char(res.disc_primary),
		    disc_char(res.disc_secondary),
		    score_conf_name(res.disc_confidence), res.disc_answered,
		    res.disc_total, cases[i].has_disc, cases[i].primary,
		    cases[i].secondary, score_conf_name(cases[i].conf));
		for (j = 0; j < SCORE_DISC__MAX; j++)
			check_at(cases[i].line,
			    res.disc_scores[j] == cases[i].scores[j] &&
			    res.disc_max[j] == (int)n,
			    "%s: %s = %d (max %d), want %d (max %zu)", a,
			    score_disc_name((enum score_disc)j),
			    res.disc_scores[j], res.disc_max[j],
			    cases[i].scores[j], n);
	}
}

/*
 * A letter's maximum counts only the questions offering it; a letter
 * scores at most once per question, even when a multi_select question
 * repeats it.
 */
static void
test_disc_offers(void)
{
	static struct bank	 b;
	struct score_result	 res;
	size_t			 q;

	memset(&b, 0, sizeof(b));
	q = bank_add(&b, SCORE_KIND_DISC, MC, SCORE_PHASE__MAX, 0,
	    NULL, "DI", 2);
	bank_select(&b, q, 0x2);			/* I */
	q = bank_add(&b, SCORE_KIND_DISC, MC, SCORE_PHASE__MAX, 0,
	    NULL, "CSID", 4);
	bank_select(&b, q, 0x4);			/* I */
	q = bank_add(&b, SCORE_KIND_DISC, MC, SCORE_PHASE__MAX, 0,
	    NULL, "SDC", 3);
	bank_select(&b, q, 0x2);			/* D */
	CU_ASSERT_EQUAL_FATAL(score_compute(b.q, b.nq,
	    SCORE_THRESHOLD_DEFAULT, &res), SCORE_OK);
	CU_ASSERT_EQUAL(res.disc_max[SCORE_D], 3);
	CU_ASSERT_EQUAL(res.disc_max[SCORE_I], 2);
	CU_ASSERT_EQUAL(res.disc_max[SCORE_S], 2);
	CU_ASSERT_EQUAL(res.disc_max[SCORE_C], 2);
	CU_ASSERT_EQUAL(res.disc_scores[SCORE_I], 100);
	CU_ASSERT_EQUAL(res.disc_scores[SCORE_D], 33);
	CU_ASSERT_EQUAL(res.disc_primary, SCORE_I);
	CU_ASSERT_EQUAL(res.disc_secondary, SCORE_D);
	CU_ASSERT_EQUAL(res.disc_confidence, SCORE_CONF_LOW);

	memset(&b, 0, sizeof(b));
	q = bank_add(&b, SCORE_KIND_DISC, MS, SCORE_PHASE__MAX, 0,
	    NULL, "DISCD", 5);
	bank_select(&b, q, 0x15);			/* D, S, D */
	CU_ASSERT_EQUAL_FATAL(score_compute(b.q, b.nq,
	    SCORE_THRESHOLD_DEFAULT, &res), SCORE_OK);
	CU_ASSERT_EQUAL(res.disc_points[SCORE_D], 1);
	CU_ASSERT_EQUAL(res.disc_max[SCORE_D], 1);
	CU_ASSERT_EQUAL(res.disc_points[SCORE_S], 1);
	CU_ASSERT_EQUAL(res.disc_scores[SCORE_D], 100);
	CU_ASSERT_EQUAL(res.disc_scores[SCORE_S], 100);
	CU_ASSERT_EQUAL(res.disc_scores[SCORE_I], 0);
	CU_ASSERT_EQUAL(res.disc_primary, SCORE_D);
	CU_ASSERT_EQUAL(res.disc_secondary, SCORE_S);
	CU_ASSERT_EQUAL(res.disc_answered, 1);
}

/* Best, worst and no answers over the realistic bank. */
static void
test_extremes(void)
{
	static struct bank	 b;
	struct score_result	 res;
	int			 worst[SCORE_PHASE__MAX] = { 0 };
	int			 best[SCORE_PHASE__MAX] = { 0 };
	size_t			 i, j, lo, hi, nphase = 0;
	int			 k;

	bank_realistic(&b);

	/* Nothing answered. */
	CU_ASSERT_EQUAL_FATAL(score_compute(b.q, b.nq,
	    SCORE_THRESHOLD_DEFAULT, &res), SCORE_OK);
	for (i = 0; i < SCORE_PHASE__MAX; i++) {
		CU_ASSERT_EQUAL(res.phase_points[i], 0);
		CU_ASSERT_TRUE(res.phase_max[i] > 0);
		CU_ASSERT_EQUAL(res.phase_scores[i], 0);
	}
	CU_ASSERT_EQUAL(res.phase_primary, SCORE_STABILIZE);
	CU_ASSERT_EQUAL(res.phase_answered, 0);
	CU_ASSERT_FALSE(res.has_disc);
	CU_ASSERT_EQUAL(res.disc_primary, SCORE_DISC__MAX);
	CU_ASSERT_EQUAL(res.disc_secondary, SCORE_DISC__MAX);
	CU_ASSERT_EQUAL(res.disc_answered, 0);
	CU_ASSERT_EQUAL(res.disc_total, 12);

	/* All best: every positive multi_select option, else the top. */
	for (i = 0; i < b.nq; i++) {
		const struct score_question *q = &b.q[i];

		if (q->kind == SCORE_KIND_METADATA) {
			bank_opt(&b, i, 0)->selected = true;
			continue;
		}
		if (q->kind == SCORE_KIND_DISC) {
			k = bank_letter(&b, i, 'C');
			bank_opt(&b, i, (size_t)k)->selected = true;
			continue;
		}
		nphase++;
		for (hi = lo = j = 0; j < q->noptions; j++) {
			if (q->options[j].score > q->options[hi].score)
				hi = j;
			if (q->options[j].score < q->options[lo].score)
				lo = j;
			if (q->type == MS)
				bank_opt(&b, i, j)->selected =
				    q->options[j].score > 0;
		}
		if (q->type != MS) {
			bank_opt(&b, i, hi)->selected = true;
			best[q->phase] += q->options[hi].score;
			worst[q->phase] += q->options[lo].score;
		} else
			best[q->phase] += q->max_points;
	}
	CU_ASSERT_EQUAL_FATAL(score_compute(b.q, b.nq,
	    SCORE_THRESHOLD_DEFAULT, &res), SCORE_OK);
	for (i = 0; i < SCORE_PHASE__MAX; i++) {
		CU_ASSERT_EQUAL(res.phase_scores[i], 100);
		CU_ASSERT_EQUAL(res.phase_points[i], best[i]);
		CU_ASSERT_EQUAL(res.phase_max[i], best[i]);
	}
	CU_ASSERT_EQUAL(res.phase_primary, SCORE_SYSTEMIC);
	CU_ASSERT_EQUAL(res.phase_answered, nphase);
	CU_ASSERT_TRUE(res.has_disc);
	CU_ASSERT_EQUAL(res.disc_scores[SCORE_C], 100);
	CU_ASSERT_EQUAL(res.disc_primary, SCORE_C);
	CU_ASSERT_EQUAL(res.disc_secondary, SCORE_DISC__MAX);
	CU_ASSERT_EQUAL(res.disc_confidence, SCORE_CONF_HIGH);
	CU_ASSERT_EQUAL(res.disc_answered, 12);

	/* All worst: the lowest option, "none of these" for multi_select. */
	bank_clear(&b);
	for (i = 0; i < b.nq; i++) {
		const struct score_question *q = &b.q[i];

		if (q->kind != SCORE_KIND_PHASE)
			continue;
		for (lo = j = 0; j < q->noptions; j++)
			if (q->options[j].score < q->options[lo].score)
				lo = j;
		bank_opt(&b, i, lo)->selected = true;
	}
	CU_ASSERT_EQUAL_FATAL(score_compute(b.q, b.nq,
	    SCORE_THRESHOLD_DEFAULT, &res), SCORE_OK);
	for (i = 0; i < SCORE_PHASE__MAX; i++) {
		CU_ASSERT_EQUAL(res.phase_points[i], worst[i]);
		CU_ASSERT_EQUAL(res.phase_scores[i],
		    score_percent(worst[i], best[i]));
		CU_ASSERT_TRUE(res.phase_scores[i] < 30);
	}
	CU_ASSERT_EQUAL(res.phase_primary, SCORE_STABILIZE);
	CU_ASSERT_EQUAL(res.phase_answered, nphase);
	CU_ASSERT_FALSE(res.has_disc);
}

/*
 * Unanswered questions count towards the maximum; leaving them out of
 * the array does not.  Metadata questions never count, whatever they hold.
 */
static void
test_unanswered_and_metadata(void)
{
	static const int	 sc[2] = { 0, 5 };
	static const int	 junk[3] = { 9, -1, 5 };
	static struct bank	 b;
	struct score_result	 res;
	size_t			 q;

	memset(&b, 0, sizeof(b));
	q = bank_add(&b, SCORE_KIND_PHASE, MC, SCORE_GROW, 0, sc, NULL, 2);
	bank_select(&b, q, 0x2);
	bank_add(&b, SCORE_KIND_PHASE, MC, SCORE_GROW, 0, sc, NULL, 2);
	CU_ASSERT_EQUAL_FATAL(score_compute(b.q, b.nq,
	    SCORE_THRESHOLD_DEFAULT, &res), SCORE_OK);
	CU_ASSERT_EQUAL(res.phase_scores[SCORE_GROW], 50);
	CU_ASSERT_EQUAL(res.phase_answered, 1);
	CU_ASSERT_EQUAL_FATAL(score_compute(b.q, 1,
	    SCORE_THRESHOLD_DEFAULT, &res), SCORE_OK);
	CU_ASSERT_EQUAL(res.phase_scores[SCORE_GROW], 100);

	/* Metadata: out-of-range scores, several answers, bad type. */
	q = bank_add(&b, SCORE_KIND_METADATA, MC, SCORE_PHASE__MAX, 0,
	    junk, NULL, 3);
	bank_select(&b, q, 0x7);
	b.q[q].type = SCORE_TYPE__MAX;
	CU_ASSERT_EQUAL_FATAL(score_compute(b.q, b.nq,
	    SCORE_THRESHOLD_DEFAULT, &res), SCORE_OK);
	CU_ASSERT_EQUAL(res.phase_scores[SCORE_GROW], 50);
	CU_ASSERT_EQUAL(res.phase_max[SCORE_GROW], 10);
	CU_ASSERT_EQUAL(res.phase_answered, 1);
	CU_ASSERT_FALSE(res.has_disc);

	/* An empty set. */
	CU_ASSERT_EQUAL(score_compute(NULL, 0, SCORE_THRESHOLD_DEFAULT,
	    &res), SCORE_OK);
	CU_ASSERT_EQUAL(res.phase_primary, SCORE_STABILIZE);
	CU_ASSERT_FALSE(res.has_disc);
}

/* Malformed descriptions are refused and the question named. */
static void
test_errors(void)
{
	static const struct {
		int		 line;
		enum score_kind	 kind;
		enum score_type	 type;
		enum score_phase phase;
		int		 cap;
		int		 score;		/* of option 0 */
		enum score_disc	 disc;		/* of option 0 */
		unsigned int	 sel;
		bool		 nullopts;
		enum score_err	 want;
	} cases[] = {
		{ __LINE__, SCORE_KIND__MAX, MC, SCORE_BUILD, 0, 1, SCORE_D,
		    0x1, false, SCORE_ERR_KIND },
		{ __LINE__, SCORE_KIND_PHASE, SCORE_TYPE__MAX, SCORE_BUILD, 0,
		    1, SCORE_D, 0x1, false, SCORE_ERR_TYPE },
		{ __LINE__, SCORE_KIND_DISC, SCORE_TYPE__MAX, SCORE_BUILD, 0,
		    1, SCORE_D, 0x1, false, SCORE_ERR_TYPE },
		{ __LINE__, SCORE_KIND_PHASE, MC, SCORE_PHASE__MAX, 0, 1,
		    SCORE_D, 0x1, false, SCORE_ERR_PHASE },
		{ __LINE__, SCORE_KIND_PHASE, MC, SCORE_BUILD, 0, 1, SCORE_D,
		    0x1, true, SCORE_ERR_OPTIONS },
		{ __LINE__, SCORE_KIND_PHASE, MC, SCORE_BUILD, 0, 6, SCORE_D,
		    0x1, false, SCORE_ERR_VALUE },
		{ __LINE__, SCORE_KIND_PHASE, MC, SCORE_BUILD, 0, -1, SCORE_D,
		    0x0, false, SCORE_ERR_VALUE },
		{ __LINE__, SCORE_KIND_PHASE, MS, SCORE_BUILD, 5, 6, SCORE_D,
		    0x0, false, SCORE_ERR_VALUE },
		{ __LINE__, SCORE_KIND_DISC, MC, SCORE_BUILD, 0, 1,
		    SCORE_DISC__MAX, 0x1, false, SCORE_ERR_VALUE },
		{ __LINE__, SCORE_KIND_PHASE, MC, SCORE_BUILD, 0, 1, SCORE_D,
		    0x3, false, SCORE_ERR_SELECTION },
		{ __LINE__, SCORE_KIND_PHASE, RATING, SCORE_BUILD, 0, 1,
		    SCORE_D, 0x5, false, SCORE_ERR_SELECTION },
		{ __LINE__, SCORE_KIND_DISC, MC, SCORE_BUILD, 0, 1, SCORE_D,
		    0x3, false, SCORE_ERR_SELECTION },
		{ __LINE__, SCORE_KIND_PHASE, MS, SCORE_BUILD, -1, 1, SCORE_D,
		    0x1, false, SCORE_ERR_CAP },
		/* Not errors. */
		{ __LINE__, SCORE_KIND_PHASE, MS, SCORE_BUILD, 5, 1, SCORE_D,
		    0x7, false, SCORE_OK },
		{ __LINE__, SCORE_KIND_DISC, MS, SCORE_BUILD, -1, 1, SCORE_D,
		    0x3, false, SCORE_OK },
		{ __LINE__, SCORE_KIND_DISC, MC, SCORE_PHASE__MAX, 0, 9,
		    SCORE_C, 0x1, false, SCORE_OK },
		{ __LINE__, SCORE_KIND_PHASE, MC, SCORE_BUILD, 0, 5,
		    SCORE_DISC__MAX, 0x1, false, SCORE_OK },
		{ __LINE__, SCORE_KIND_METADATA, SCORE_TYPE__MAX,
		    SCORE_PHASE__MAX, -1, 9, SCORE_DISC__MAX, 0x7, true,
		    SCORE_OK },
	};
	static const int	 sc[3] = { 1, 2, 3 };
	static struct bank	 b;
	struct score_result	 res;
	size_t			 i, bad;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum score_err	 er;

		/* Two good questions, the bad one, then a good one. */
		memset(&b, 0, sizeof(b));
		bank_add(&b, SCORE_KIND_PHASE, MC, SCORE_GROW, 0, sc, NULL, 3);
		bank_add(&b, SCORE_KIND_DISC, MC, SCORE_PHASE__MAX, 0, NULL,
		    "DISC", 4);
		bad = bank_add(&b, SCORE_KIND_PHASE, MC, SCORE_BUILD, 0, sc,
		    NULL, 3);
		bank_add(&b, SCORE_KIND_PHASE, MC, SCORE_GROW, 0, sc, NULL, 3);
		b.q[bad].kind = cases[i].kind;
		b.q[bad].type = cases[i].type;
		b.q[bad].phase = cases[i].phase;
		b.q[bad].max_points = cases[i].cap;
		bank_opt(&b, bad, 0)->score = cases[i].score;
		bank_opt(&b, bad, 0)->disc = cases[i].disc;
		bank_select(&b, bad, cases[i].sel);
		if (cases[i].nullopts)
			b.q[bad].options = NULL;

		er = score_compute(b.q, b.nq, SCORE_THRESHOLD_DEFAULT, &res);
		check_at(cases[i].line, er == cases[i].want,
		    "got \"%s\", want \"%s\"", score_strerror(er),
		    score_strerror(cases[i].want));
		if (cases[i].want != SCORE_OK)
			check_at(cases[i].line, res.err_index == bad,
			    "err_index %zu, want %zu", res.err_index, bad);
	}
}

/* splitmix64: a fixed-seed generator, the same on every platform. */
static uint64_t
rng_next(uint64_t *s)
{
	uint64_t	 z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static double
rng_unit(uint64_t *s)
{

	return (double)(rng_next(s) >> 11) / 9007199254740992.0;
}

/* Uniform in [0, n). */
static size_t
rng_below(uint64_t *s, size_t n)
{

	return (size_t)(rng_unit(s) * (double)n);
}

/*
 * Answer the realistic bank as one simulated client: an overall maturity
 * with per-phase variation (a mature client picks the best option more
 * often), a preferred DISC letter, and a few skipped questions.
 */
static void
simulate_client(struct bank *b, uint64_t *s)
{
	double		 base = rng_unit(s), m[SCORE_PHASE__MAX], pm;
	char		 style = "DISC"[rng_below(s, 4)];
	size_t		 i, j, hi, n;
	int		 k;

	for (i = 0; i < SCORE_PHASE__MAX; i++) {
		m[i] = base + (rng_unit(s) - 0.5) * 0.6;
		m[i] = m[i] < 0 ? 0 : m[i] > 1 ? 1 : m[i];
	}
	bank_clear(b);
	for (i = 0; i < b->nq; i++) {
		const struct score_question *q = &b->q[i];

		n = q->noptions;
		if (rng_unit(s) < 0.04)
			continue;			/* skipped */
		if (q->kind == SCORE_KIND_METADATA) {
			bank_opt(b, i, rng_below(s, n))->selected = true;
			continue;
		}
		if (q->kind == SCORE_KIND_DISC) {
			k = rng_unit(s) < 0.5 ? bank_letter(b, i, style) :
			    (int)rng_below(s, n);
			bank_opt(b, i, (size_t)k)->selected = true;
			continue;
		}
		pm = m[q->phase];
		if (q->type == MS) {
			bool	 any = false;

			for (j = 0; j < n; j++)
				if (q->options[j].score > 0 &&
				    rng_unit(s) < pm)
					any = bank_opt(b, i, j)->selected =
					    true;
			/* Otherwise "none of these", usually. */
			for (j = 0; !any && j < n; j++)
				if (q->options[j].score == 0 &&
				    rng_unit(s) < 0.8)
					any = bank_opt(b, i, j)->selected =
					    true;
			continue;
		}
		for (hi = j = 0; j < n; j++)
			if (q->options[j].score > q->options[hi].score)
				hi = j;
		bank_opt(b, i, rng_unit(s) < pm ? hi :
		    rng_below(s, n))->selected = true;
	}
}

/*
 * Recompute phase and DISC points the slow way, for comparison.
 * Returns false and explains in why on the first disagreement.
 */
static bool
simulate_check(const struct bank *b, const struct score_result *r,
    char *why, size_t whysz)
{
	int	 pts[SCORE_PHASE__MAX] = { 0 }, max[SCORE_PHASE__MAX] = { 0 };
	int	 dpts[SCORE_DISC__MAX] = { 0 };
	size_t	 i, j, dans = 0;
	int	 best;

	for (i = 0; i < b->nq; i++) {
		const struct score_question *q = &b->q[i];
		int	 sum = 0, all = 0, top = 0;
		bool	 any = false;

		for (j = 0; j < q->noptions; j++) {
			const struct score_option *o = &q->options[j];

			all += o->score;
			top = o->score > top ? o->score : top;
			if (o->selected) {
				sum += o->score;
				any = true;
				if (q->kind == SCORE_KIND_DISC)
					dpts[o->disc]++;
			}
		}
		if (q->kind == SCORE_KIND_DISC)
			dans += any;
		if (q->kind != SCORE_KIND_PHASE)
			continue;
		if (q->type == MS) {
			pts[q->phase] += sum < q->max_points ?
			    sum : q->max_points;
			max[q->phase] += all < q->max_points ?
			    all : q->max_points;
		} else {
			pts[q->phase] += sum;
			max[q->phase] += top;
		}
	}

	for (i = 0; i < SCORE_PHASE__MAX; i++) {
		if (r->phase_points[i] != pts[i] || r->phase_max[i] != max[i]) {
			snprintf(why, whysz, "%s: %d/%d, want %d/%d",
			    score_phase_name((enum score_phase)i),
			    r->phase_points[i], r->phase_max[i], pts[i],
			    max[i]);
			return false;
		}
		if (r->phase_scores[i] < 0 || r->phase_scores[i] > 100) {
			snprintf(why, whysz, "%s score %d",
			    score_phase_name((enum score_phase)i),
			    r->phase_scores[i]);
			return false;
		}
	}
	if (r->phase_primary != score_phase_primary(r->phase_scores, 70)) {
		snprintf(why, whysz, "primary phase %s",
		    score_phase_name(r->phase_primary));
		return false;
	}
	for (i = 0; i < (size_t)r->phase_primary && i < SCORE_SYSTEMIC; i++)
		if (r->phase_scores[i] < 70) {
			snprintf(why, whysz, "earlier phase below 70");
			return false;
		}
	if (r->phase_primary != SCORE_SYSTEMIC &&
	    r->phase_scores[r->phase_primary] >= 70) {
		snprintf(why, whysz, "primary phase not below 70");
		return false;
	}

	if (r->disc_answered != dans || r->has_disc != (dans > 0)) {
		snprintf(why, whysz, "DISC answered %zu, want %zu",
		    r->disc_answered, dans);
		return false;
	}
	for (i = 0; i < SCORE_DISC__MAX; i++)
		if (r->disc_points[i] != dpts[i] || r->disc_max[i] != 12 ||
		    r->disc_scores[i] < 0 || r->disc_scores[i] > 100) {
			snprintf(why, whysz, "DISC %s: %d/%d = %d",
			    score_disc_name((enum score_disc)i),
			    r->disc_points[i], r->disc_max[i],
			    r->disc_scores[i]);
			return false;
		}
	if (!r->has_disc) {
		snprintf(why, whysz, "no DISC answer but a primary style");
		return r->disc_primary == SCORE_DISC__MAX &&
		    r->disc_secondary == SCORE_DISC__MAX;
	}

	/* Primary: highest, and strictly above every earlier letter. */
	best = r->disc_scores[r->disc_primary];
	for (i = 0; i < SCORE_DISC__MAX; i++)
		if (r->disc_scores[i] > best ||
		    (i < (size_t)r->disc_primary && r->disc_scores[i] == best)) {
			snprintf(why, whysz, "DISC primary %s",
			    score_disc_name(r->disc_primary));
			return false;
		}
	if (r->disc_secondary == r->disc_primary) {
		snprintf(why, whysz, "secondary equals primary");
		return false;
	}
	return true;
}

static void
test_simulation(void)
{
	static struct bank	 b;
	struct score_result	 res;
	uint64_t		 seed = 20251222;
	size_t			 i, nbad = 0, phase[SCORE_PHASE__MAX] = { 0 };
	size_t			 disc[SCORE_DISC__MAX + 1] = { 0 };
	size_t			 conf[SCORE_CONF__MAX] = { 0 };
	char			 why[256] = "", first[320] = "";

	bank_realistic(&b);
	for (i = 0; i < 20000; i++) {
		simulate_client(&b, &seed);
		if (score_compute(b.q, b.nq, SCORE_THRESHOLD_DEFAULT,
		    &res) != SCORE_OK)
			snprintf(why, sizeof(why), "score_compute failed");
		else if (simulate_check(&b, &res, why, sizeof(why))) {
			phase[res.phase_primary]++;
			disc[res.disc_primary]++;
			conf[res.disc_confidence]++;
			continue;
		}
		if (nbad++ == 0)
			snprintf(first, sizeof(first), "client %zu: %s",
			    i, why);
	}
	check_at(__LINE__, nbad == 0, "%zu bad results; first %s",
	    nbad, first);
	for (i = 0; i < SCORE_PHASE__MAX; i++)
		check_at(__LINE__, phase[i] > 0, "%s never primary",
		    score_phase_name((enum score_phase)i));
	for (i = 0; i < SCORE_DISC__MAX; i++)
		check_at(__LINE__, disc[i] > 0, "%s never primary",
		    score_disc_name((enum score_disc)i));
	for (i = 0; i < SCORE_CONF__MAX; i++)
		check_at(__LINE__, conf[i] > 0, "confidence %s never seen",
		    score_conf_name((enum score_conf)i));
}

/*
 * Register the score suite with the CUnit registry, which the caller
 * has initialized.  Registration failures are left in CU_get_error().
 */
void
suite_score(void)
{
	static const struct {
		const char	*name;
		CU_TestFunc	 fn;
	} tests[] = {
		{ "names", test_names },
		{ "percent", test_percent },
		{ "phase primary", test_phase_primary },
		{ "document example", test_document_example },
		{ "question types", test_question_types },
		{ "disc", test_disc },
		{ "disc offers", test_disc_offers },
		{ "extremes", test_extremes },
		{ "unanswered and metadata", test_unanswered_and_metadata },
		{ "errors", test_errors },
		{ "simulation", test_simulation },
	};
	CU_pSuite	 s;
	size_t		 i;

	if ((s = CU_add_suite("score", NULL, NULL)) == NULL)
		return;
	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
		if (CU_add_test(s, tests[i].name, tests[i].fn) == NULL)
			return;
}
