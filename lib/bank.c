/* bank.c: the question bank cache. */
#include <stdlib.h>
#include <string.h>

#include "bank.h"
#include "util.h"

#define BANK_TTL_US	(60LL * 1000000)

static struct bank	*cached;

static void
bank_free(struct bank *b)
{
	if (b == NULL)
		return;
	free(b->questions);
	free(b->options);
	free(b->sq);
	free(b->so);
	PQclear(b->qres);
	PQclear(b->ores);
	free(b);
}

/* Builds the bank from the two result sets; NULL if out of memory or malformed. */
static struct bank *
bank_build(PGresult *qres, PGresult *ores)
{
	struct bank		*b;
	struct bank_question	*q;
	struct bank_option	*o;
	size_t			 i, j;
	long			 nq = PQntuples(qres), no = PQntuples(ores);

	if ((b = calloc(1, sizeof(*b))) == NULL)
		return NULL;
	b->qres = qres;
	b->ores = ores;
	b->questions = calloc((size_t)nq + 1, sizeof(*b->questions));
	b->options = calloc((size_t)no + 1, sizeof(*b->options));
	b->sq = calloc((size_t)nq + 1, sizeof(*b->sq));
	b->so = calloc((size_t)no + 1, sizeof(*b->so));
	if (b->questions == NULL || b->options == NULL || b->sq == NULL || b->so == NULL)
		goto fail;
	/* Options come ordered by question (in questionnaire order), then order_index. */
	for (i = 0, j = 0; i < (size_t)nq; i++) {
		q = &b->questions[i];
		q->id = db_get(qres, (int)i, 0);
		q->section = (int)db_getll(qres, (int)i, 1);
		q->category = db_get(qres, (int)i, 2);
		q->kind = score_kind_from_str(db_get(qres, (int)i, 3));
		q->phase = db_null(qres, (int)i, 4) ? SCORE_PHASE__MAX :
		    score_phase_from_str(db_get(qres, (int)i, 4));
		q->text = db_get(qres, (int)i, 5);
		q->type = score_type_from_str(db_get(qres, (int)i, 6));
		q->required = db_getbool(qres, (int)i, 7);
		q->order = (int)db_getll(qres, (int)i, 8);
		q->max_points = (int)db_getll(qres, (int)i, 9);
		if (q->kind == SCORE_KIND__MAX || q->type == SCORE_TYPE__MAX)
			goto fail;
		q->first = j;
		for (; j < (size_t)no && strcmp(db_get(ores, (int)j, 1), q->id) == 0; j++) {
			o = &b->options[j];
			o->id = db_get(ores, (int)j, 0);
			o->text = db_get(ores, (int)j, 2);
			o->has_score = !db_null(ores, (int)j, 3);
			o->score = (int)db_getll(ores, (int)j, 3);
			o->disc = db_null(ores, (int)j, 4) ? '\0' : db_get(ores, (int)j, 4)[0];
			b->so[j].score = o->score;
			b->so[j].disc = o->disc ? score_disc_from_str((char[]){ o->disc, '\0' }) :
			    SCORE_DISC__MAX;
		}
		q->noptions = j - q->first;
		if (q->required)
			b->nrequired++;
		b->sq[i].kind = q->kind;
		b->sq[i].type = q->type;
		b->sq[i].phase = q->phase;
		b->sq[i].max_points = q->max_points;
		b->sq[i].options = &b->so[q->first];
		b->sq[i].noptions = q->noptions;
	}
	if (j != (size_t)no)		/* an option the order did not reach */
		goto fail;
	b->nquestions = (size_t)nq;
	b->noptions = (size_t)no;
	b->loaded = util_now_us();
	return b;
fail:
	b->qres = b->ores = NULL;	/* the caller still owns them */
	bank_free(b);
	return NULL;
}

const struct bank *
bank_get(struct db *db)
{
	PGresult	*qres, *ores;
	struct bank	*b;

	if (cached != NULL && util_now_us() - cached->loaded < BANK_TTL_US)
		return cached;
	if ((qres = DB_Q0(db, STMT_BANK_QUESTIONS)) == NULL)
		return cached;		/* a stale bank beats none */
	if ((ores = DB_Q0(db, STMT_BANK_OPTIONS)) == NULL) {
		PQclear(qres);
		return cached;
	}
	if ((b = bank_build(qres, ores)) == NULL) {
		PQclear(qres);
		PQclear(ores);
		return cached;
	}
	bank_free(cached);
	cached = b;
	return cached;
}

const struct bank_question *
bank_question(const struct bank *b, const char *id)
{
	for (size_t i = 0; i < b->nquestions; i++)
		if (strcmp(b->questions[i].id, id) == 0)
			return &b->questions[i];
	return NULL;
}

long
bank_option(const struct bank *b, const struct bank_question *q, const char *id)
{
	for (size_t i = q->first; i < q->first + q->noptions; i++)
		if (strcmp(b->options[i].id, id) == 0)
			return (long)i;
	return -1;
}
