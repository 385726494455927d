/*
 * questions: GET /v1/questions, the question bank.
 *
 * Consultants and admins (bearer token) see the bank as it is scored:
 * phases, option scores and, with includeDisc=true, the DISC questions and
 * the letter each option feeds.  A client (X-Assessment-Token) sees every
 * question it must answer, DISC ones included, but no score, letter,
 * phase or kind: nothing tells it which questions feed DISC.
 */
#include <stdlib.h>
#include <string.h>

#include "bank.h"
#include "input.h"
#include "link.h"
#include "resp.h"
#include "serve.h"

static json_object *
question_json(const struct bank *b, const struct bank_question *q, bool client)
{
	const struct bank_option	*op;
	json_object			*o, *opts, *oo;
	char				 letter[2] = { 0, 0 };

	o = json_object_new_object();
	json_object_object_add(o, "id", json_object_new_string(q->id));
	json_object_object_add(o, "section", json_object_new_int(q->section));
	json_object_object_add(o, "category", json_object_new_string(q->category));
	if (!client) {
		json_object_object_add(o, "phase", q->phase < SCORE_PHASE__MAX ?
		    json_object_new_string(score_phase_name(q->phase)) : NULL);
		json_object_object_add(o, "kind",
		    json_object_new_string(score_kind_name(q->kind)));
	}
	json_object_object_add(o, "text", json_object_new_string(q->text));
	json_object_object_add(o, "type", json_object_new_string(score_type_name(q->type)));
	if (q->type == SCORE_TYPE_MULTI_SELECT && !client)
		json_object_object_add(o, "maxPoints", json_object_new_int(q->max_points));
	opts = json_object_new_array();
	for (size_t i = q->first; i < q->first + q->noptions; i++) {
		op = &b->options[i];
		oo = json_object_new_object();
		json_object_object_add(oo, "id", json_object_new_string(op->id));
		json_object_object_add(oo, "text", json_object_new_string(op->text));
		if (!client) {
			json_object_object_add(oo, "score",
			    op->has_score ? json_object_new_int(op->score) : NULL);
			if (op->disc != '\0') {
				letter[0] = op->disc;
				json_object_object_add(oo, "disc", json_object_new_string(letter));
			}
		}
		json_object_array_add(opts, oo);
	}
	json_object_object_add(o, "options", opts);
	json_object_object_add(o, "isRequired", json_object_new_boolean(q->required));
	json_object_object_add(o, "orderIndex", json_object_new_int(q->order));
	return o;
}

/* The whole bank as one of its readers sees it: {"questions":[...]}. */
static json_object *
bank_json(const struct bank *b, const char *cat, bool client, bool disc)
{
	json_object	*out, *arr;

	arr = json_object_new_array();
	for (size_t i = 0; i < b->nquestions; i++) {
		if (b->questions[i].kind == SCORE_KIND_DISC && !disc)
			continue;
		if (cat != NULL && strcmp(cat, b->questions[i].category) != 0)
			continue;
		json_object_array_add(arr, question_json(b, &b->questions[i], client));
	}
	out = json_object_new_object();
	json_object_object_add(out, "questions", arr);
	return out;
}

/*
 * The three bodies without a category (consultant, consultant with DISC,
 * client), rendered once per bank a process loads: building and freeing
 * the JSON of 62 questions took most of a request's instructions.
 */
static struct {
	char		*body;
	size_t		 len;
	long long	 loaded;	/* the bank's (bank.loaded) */
} bodies[3];

/* Sets the response to the cached body v, rendered first if needed: 0 or -1. */
static int
send_cached(struct req *r, const struct bank *b, int v, bool client, bool disc)
{
	json_object	*o;
	const char	*s;
	char		*copy;

	if (bodies[v].body == NULL || bodies[v].loaded != b->loaded) {
		free(bodies[v].body);
		bodies[v].body = NULL;
		o = bank_json(b, NULL, client, disc);
		/* As resp_render renders a payload. */
		s = json_object_to_json_string_ext(o,
		    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
		if (s != NULL && (bodies[v].body = strdup(s)) != NULL) {
			bodies[v].len = strlen(s);
			bodies[v].loaded = b->loaded;
		}
		json_object_put(o);
		if (bodies[v].body == NULL)
			return -1;
	}
	if ((copy = malloc(bodies[v].len)) == NULL)
		return -1;
	memcpy(copy, bodies[v].body, bodies[v].len);
	free(r->raw);
	r->raw = copy;
	r->rawlen = bodies[v].len;
	r->raw_type = "application/json";
	r->status = 200;
	return 0;
}

/*
 * GET /v1/questions?category=&includeDisc=: 200 {questions} in
 * questionnaire order; 400 VALIDATION_ERROR if includeDisc is not true or
 * false; 401 without a bearer or assessment token, or with a wrong one.
 */
static int
questions_get(struct req *r)
{
	const struct bank	*b;
	const char		*cat = req_query(r, "category"), *inc;
	char			 id[UTIL_ID_MAX];
	bool			 client = !r->who.ok, disc = false;
	struct in		 errs;

	in_init(&errs, NULL);
	if ((inc = req_query(r, "includeDisc")) != NULL) {
		if (strcmp(inc, "true") == 0)
			disc = true;
		else if (strcmp(inc, "false") != 0)
			in_error(&errs, "includeDisc", "Must be true or false");
	}
	if (!in_ok(&errs))
		return in_fail(r, &errs);
	if (client) {
		if (r->assessment_token == NULL)
			return resp_error(r, RESP_UNAUTHORIZED,
			    "Missing access token or assessment token", NULL);
		if (link_check(r, r->assessment_token, NULL, id) != LINK_OK)
			return db_unavailable(r->app->db) ? resp_db_error(r) :
			    resp_error(r, RESP_UNAUTHORIZED, "Invalid assessment token", NULL);
		disc = true;	/* the client answers them all, unlabelled */
	}
	if ((b = bank_get(r->app->db)) == NULL)
		return resp_db_error(r);
	if (cat != NULL)
		return resp_ok(r, 200, bank_json(b, cat, client, disc));
	if (send_cached(r, b, client ? 2 : disc ? 1 : 0, client, disc) != 0)
		return resp_error(r, RESP_INTERNAL_ERROR, NULL, NULL);
	return 200;
}

static const struct route routes[] = {
	{ REQ_GET, "/v1/questions", questions_get, ROUTE_AUTH_OPT | ROUTE_READ, RL_DEFAULT },
};

int
main(void)
{
	return serve_main("questions", RESP_ENV_FRISE, routes, NELEM(routes));
}
