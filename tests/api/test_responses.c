/*
 * Suite "responses": the question bank (GET /v1/questions) as consultants
 * and clients see it, answering an assessment (POST and GET
 * /v1/assessments/:id/responses) with the consultant's access token or the
 * client's link token (X-Assessment-Token), autosave and resume, the final
 * submission, expiry, and the scores of completed assessments checked
 * against hand-computed expectations from the seeded bank
 * (sql/seed/001_questions.sql) and docs/scoring.md.
 *
 * Facts about the seeded bank these tests rely on: 62 questions q_001 to
 * q_062 in questionnaire order; 12 DISC questions (sections 4, 8 and 12,
 * category "Working Style"); 5 metadata questions (section 1) of which
 * q_003 and q_005 are optional; every other question is required, so 60
 * required questions; 7 multi_select questions (q_013, q_020, q_026, q_031,
 * q_039, q_044, q_059).
 */
#include <sys/types.h>
#include <sys/wait.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>
#include <json-c/json.h>

#include "client.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define ALL_QS		62	/* questions in the bank */
#define NODISC_QS	50	/* without the 12 DISC questions */
#define REQUIRED_QS	60


/*
 * Who makes a request: a consultant's access token, or the client's link
 * token, or (both NULL) nobody.
 */
struct who {
	const char	*bearer;
	const char	*token;
};


/* A request as w; body NULL for none. */
static int
req_as(struct tres *r, const char *method, const char *path,
    const struct who *w, const char *body)
{
	char		 hdr[256];
	const char	*hdrs[] = { hdr, NULL };

	if (w->token != NULL)
		snprintf(hdr, sizeof(hdr), "X-Assessment-Token: %s", w->token);
	if (body != NULL)
		return t_reqh(r, method, path, w->bearer,
		    w->token != NULL ? hdrs : NULL, "%s", body);
	return t_reqh(r, method, path, w->bearer,
	    w->token != NULL ? hdrs : NULL, NULL);
}

/*
 * A new assessment of u (type as given); id and link token into a.
 * Returns 0, or -1 after recording a failure.
 */
static int
asm_new_at(const struct tuser *u, const char *type, struct tasm *a,
    const char *file, int line)
{

	return t_asm_new_at(u, a, file, line,
	    "{\"clientName\":\"Rosa Respondent\","
	    "\"clientEmail\":\"rosa@example.com\","
	    "\"businessName\":\"Rosa's Bakery\",\"industry\":\"Food\","
	    "\"assessmentType\":%s}", t_q(type));
}
#define ASM_NEW(u, a) \
	asm_new_at((u), "self-administered", (a), __FILE__, __LINE__)
#define ASM_NEW_COLLAB(u, a) \
	asm_new_at((u), "collaborative", (a), __FILE__, __LINE__)


/* POST ans[from..to-1] to assessment id as w. */
static int
post_answers(struct tres *r, const char *id, const struct who *w,
    const char *const *ans, size_t from, size_t to, const char *partial)
{

	return t_post_answers(r, id, w->bearer, w->token, ans, from, to,
	    partial);
}

/* POST a literal body to assessment id's responses as w. */
static int
post_body(struct tres *r, const char *id, const struct who *w,
    const char *body)
{
	char	 path[80];

	snprintf(path, sizeof(path), "/v1/assessments/%s/responses", id);
	return req_as(r, "POST", path, w, body);
}

static int
get_responses(struct tres *r, const char *id, const struct who *w)
{
	char	 path[80];

	snprintf(path, sizeof(path), "/v1/assessments/%s/responses", id);
	return req_as(r, "GET", path, w, NULL);
}

static int
get_detail(struct tres *r, const char *id, const char *bearer)
{
	char	 path[64];

	snprintf(path, sizeof(path), "/v1/assessments/%s", id);
	return t_req(r, "GET", path, bearer, NULL);
}

/* The save/submit answer {assessmentId, responsesCount, progress, status}. */
static int
saved_at(const struct tres *r, const char *id, long long count,
    long long progress, const char *status, const char *file, int line)
{
	int	 ok;

	if (!t_check_status(r, 200, file, line))
		return 0;
	ok = t_check_str(r, "assessmentId", id, file, line);
	ok &= t_check_int(r, "responsesCount", count, file, line);
	ok &= t_check_int(r, "progress", progress, file, line);
	ok &= t_check_str(r, "status", status, file, line);
	return ok;
}
#define SAVED(r, id, count, progress, status) \
	saved_at((r), (id), (count), (progress), (status), __FILE__, __LINE__)

/* The entry of the "responses" array for question qid, or NULL. */
static json_object *
response_for(const struct tres *r, const char *qid)
{
	long	 i = t_array_find(r, "responses", "questionId", qid);

	return i < 0 ? NULL :
	    json_object_array_get_idx(t_get(r, "responses"), (size_t)i);
}

/* arr is an array of strings holding s. */
static int
array_has(json_object *arr, const char *s)
{
	json_object	*v;
	size_t		 i, n;

	if (arr == NULL || !json_object_is_type(arr, json_type_array))
		return 0;
	n = json_object_array_length(arr);
	for (i = 0; i < n; i++) {
		v = json_object_array_get_idx(arr, i);
		if (json_object_is_type(v, json_type_string) &&
		    strcmp(json_object_get_string(v), s) == 0)
			return 1;
	}
	return 0;
}

/*
 * GET responses shows question qid answered with answer (the part of an
 * answer string after the colon: "opt_x" or "[opt_x,opt_y]").  For a
 * multi_select answer the selectedOptions array holds exactly those
 * options, in any order; answeredAt is an ISO time.
 */
static int
shows_answer_at(const struct tres *r, const char *qid, const char *answer,
    const char *file, int line)
{
	json_object	*e = response_for(r, qid), *v, *opts;
	const char	*p;
	char		 opt[64];
	size_t		 n, k = 0;
	int		 ok = e != NULL;

	if (ok && answer[0] == '[') {
		ok = json_object_object_get_ex(e, "selectedOptions", &opts) &&
		    json_object_is_type(opts, json_type_array);
		for (p = answer + 1; ok && *p != '\0' && *p != ']'; k++) {
			n = strcspn(p, ",]");
			snprintf(opt, sizeof(opt), "%.*s", (int)n, p);
			ok = array_has(opts, opt);
			p += n;
			if (*p == ',')
				p++;
		}
		ok = ok && json_object_array_length(opts) == k;
	} else if (ok)
		ok = json_object_object_get_ex(e, "selectedOption", &v) &&
		    json_object_is_type(v, json_type_string) &&
		    strcmp(json_object_get_string(v), answer) == 0;
	ok = ok && json_object_object_get_ex(e, "answeredAt", &v) &&
	    t_is_iso8601z(json_object_get_string(v));
	return t_check(ok, r, file, line,
	    "responses shows %s answered %s (with answeredAt)", qid, answer);
}
#define SHOWS_ANSWER(r, qid, answer) \
	shows_answer_at((r), (qid), (answer), __FILE__, __LINE__)

/* Every answer of ans[from..to-1] shows in a GET responses. */
static int
shows_answers_at(const struct tres *r, const char *const *ans, size_t from,
    size_t to, const char *file, int line)
{
	char	 qid[16];
	size_t	 i;
	int	 ok = 1;

	for (i = from; i < to; i++) {
		snprintf(qid, sizeof(qid), "%.*s",
		    (int)(strchr(ans[i], ':') - ans[i]), ans[i]);
		ok &= shows_answer_at(r, qid, strchr(ans[i], ':') + 1, file,
		    line);
	}
	return ok;
}
#define SHOWS_ANSWERS(r, ans, from, to) \
	shows_answers_at((r), (ans), (from), (to), __FILE__, __LINE__)

/* Some key of error.details starts with prefix. */
static int
detail_prefix_at(const struct tres *r, const char *prefix, const char *file,
    int line)
{
	json_object	*d = t_get(r, "error.details");
	int		 found = 0;
	const char	*c = t_code(r);

	if (d != NULL && json_object_is_type(d, json_type_object)) {
		json_object_object_foreach(d, key, val) {
			(void)val;
			if (strncmp(key, prefix, strlen(prefix)) == 0)
				found = 1;
		}
	}
	return t_check(r->status == 400 && c != NULL &&
	    strcmp(c, "VALIDATION_ERROR") == 0 && found, r, file, line,
	    "want 400 VALIDATION_ERROR with an error.details key starting "
	    "with \"%s\"", prefix);
}
#define DETAIL_PREFIX(r, prefix) \
	detail_prefix_at((r), (prefix), __FILE__, __LINE__)

/* Nothing answered yet: GET responses is empty, status still st. */
static int
nothing_saved_at(const char *id, const char *bearer, const char *st,
    const char *file, int line)
{
	struct tres	 r = {0};
	struct who	 w = { bearer, NULL };
	int		 ok;

	get_responses(&r, id, &w);
	ok = t_check(r.status == 200 && t_array_len(&r, "responses") == 0 &&
	    t_int(&r, "progress") == 0, &r, file, line,
	    "no response saved, progress 0");
	get_detail(&r, id, bearer);
	ok &= t_check_str(&r, "status", st, file, line);
	t_free(&r);
	return ok;
}
#define NOTHING_SAVED(id, bearer, st) \
	nothing_saved_at((id), (bearer), (st), __FILE__, __LINE__)

/* --- hand-computed profiles ------------------------------------------- */

/*
 * Expected results of a completed assessment.  phase: Stabilize,
 * Organize, Build, Grow, Systemic; disc: D, I, S, C.  The answers of
 * profiles A, B and C are t_prof_a, t_prof_b and t_prof_c (client.c),
 * which other suites use too; their scores are computed here.
 */
struct profile {
	const char	*phase_primary;
	int		 phase[5];
	const char	*disc_primary;
	const char	*disc_secondary;
	const char	*confidence;
	int		 disc[4];
};

static int
profile_at(const struct tres *r, const struct profile *p, const char *file,
    int line)
{
	static const char *const phases[] = {
		"Stabilize", "Organize", "Build", "Grow", "Systemic",
	};
	static const char *const letters[] = { "D", "I", "S", "C" };
	char	 path[64];
	size_t	 i;
	int	 ok = 1;

	ok &= t_check_str(r, "status", "completed", file, line);
	ok &= t_check_int(r, "progress", 100, file, line);
	ok &= t_check(t_is_iso8601z(t_str(r, "completedAt")), r, file, line,
	    "completedAt is ISO 8601 UTC");
	ok &= t_check_str(r, "phaseResults.primary", p->phase_primary, file,
	    line);
	for (i = 0; i < NELEM(phases); i++) {
		snprintf(path, sizeof(path), "phaseResults.scores.%s",
		    phases[i]);
		ok &= t_check_int(r, path, p->phase[i], file, line);
	}
	ok &= t_check_str(r, "discProfile.primary", p->disc_primary, file,
	    line);
	ok &= t_check_str(r, "discProfile.secondary", p->disc_secondary, file,
	    line);
	ok &= t_check_str(r, "discProfile.confidence", p->confidence, file,
	    line);
	for (i = 0; i < NELEM(letters); i++) {
		snprintf(path, sizeof(path), "discProfile.scores.%s",
		    letters[i]);
		ok &= t_check_int(r, path, p->disc[i], file, line);
	}
	return ok;
}
#define PROFILE(r, p)	profile_at((r), (p), __FILE__, __LINE__)

/*
 * Profile A: primary phase Organize, DISC primary C (confidence high).
 * All 62 questions answered (the optional q_003 and q_005 too).
 *
 * Stabilize (max 45): q_006 d 5, q_007 d 4, q_008 d 5, q_009 c 5,
 *   q_010 d 4, q_011 c 3, q_012 d 5, q_013 {a 1, b 2, e 1} = 4, q_014 c 3
 *   = 38; 100 * 38/45 = 84.44 -> 84.
 * Organize (max 44): q_019 b 2, q_020 {a} 2, q_021 b 2, q_022 b 2,
 *   q_023 b 2, q_024 c 3, q_025 b 2, q_026 {a 1, b 1} = 2, q_027 c 3
 *   = 20; 100 * 20/44 = 45.45 -> 45.
 * Build (max 45): q_028 c 3, q_029 c 3, q_030 c 4, q_031 {a 1, b 1, f 2}
 *   = 4, q_032 c 3, q_037 c 3, q_038 c 3, q_039 {a, b, c} = 3, q_040 c 3
 *   = 29; 64.44 -> 64.
 * Grow (max 45): q_041 c 2, q_042 b 1, q_043 b 2, q_044 {g "None"} 0,
 *   q_045 b 2, q_046 b 2, q_047 b 1, q_048 b 1, q_049 b 2 = 13;
 *   28.89 -> 29.
 * Systemic (max 45): q_054 c 3, q_055 c 3, q_056 b 3, q_057 c 3,
 *   q_058 c 3, q_059 {a, b} = 2, q_060 c 3, q_061 c 3, q_062 c 3 = 26;
 *   57.78 -> 58.
 * Primary: Stabilize 84 is not below 70, Organize 45 is: Organize.
 *
 * DISC (12 questions, max 12 per letter): q_015 a C, q_016 d C,
 *   q_017 b C, q_018 c C, q_033 b C, q_034 c C, q_035 b S, q_036 d S,
 *   q_050 b S, q_051 b D, q_052 b D, q_053 a I.
 *   C 6/12 = 50, S 3/12 = 25, D 2/12 = 16.67 -> 17, I 1/12 = 8.33 -> 8.
 *   Primary C, secondary S; 12 answers, gap 50 - 25 = 25 >= 20: high.
 */
static const struct profile profile_a = {
	"Organize", { 84, 45, 64, 29, 58 },
	"C", "S", "high", { 17, 8, 25, 50 },
};

/*
 * Profile B: primary phase Systemic, DISC primary I (confidence medium).
 * The 60 required questions only (q_003 and q_005 left out).  Several
 * multi_select answers exceed their cap.
 *
 * Stabilize (max 45): q_006 c 3, q_007 d 4, q_008 c 3, q_009 c 5,
 *   q_010 c 3, q_011 e 5, q_012 c 2, q_013 {a..f} 1+2+1+1+1+2 = 8 capped
 *   at 5, q_014 b 2 = 32; 100 * 32/45 = 71.11 -> 71.
 * Organize (max 44): q_019 c 3, q_020 {a..f} 2+1+1+1+1+1 = 7 capped at 5,
 *   q_021 c 3, q_022 c 4, q_023 c 3, q_024 c 3, q_025 c 4,
 *   q_026 {a..e} 5 capped at 4, q_027 b 2 = 31; 100 * 31/44 = 70.45
 *   -> 70, which is not below the threshold of 70.
 * Build (max 45): q_028 d 5, q_029 d 5, q_030 d 5, q_031 {a..f} 7 capped
 *   at 5, q_032 e 5, q_037 d 5, q_038 d 5, q_039 {a..f} 6 capped at 5,
 *   q_040 e 5 = 45; 100.
 * Grow (max 45): q_041 e 5, q_042 d 5, q_043 c 4, q_044 {a, b, c, d} 4,
 *   q_045 d 4, q_046 c 4, q_047 d 5, q_048 d 5, q_049 d 4 = 40;
 *   88.89 -> 89.
 * Systemic (max 45): q_054 b 1, q_055 a 1, q_056 a 0, q_057 b 1,
 *   q_058 b 1, q_059 {g "None"} 0, q_060 b 1, q_061 b 2, q_062 c 3 = 10;
 *   22.22 -> 22.
 * Primary: 71, 70, 100, 89 are none below 70: Systemic (its own 22 does
 *   not matter).
 *
 * DISC: q_015 d I, q_016 b I, q_017 a I, q_018 d I, q_033 c I,
 *   q_034 b D, q_035 c D, q_036 a D, q_050 b S, q_051 d S, q_052 a S,
 *   q_053 d C.
 *   I 5/12 = 41.67 -> 42, D 3/12 = 25, S 3/12 = 25, C 1/12 = 8.33 -> 8.
 *   Primary I; D and S tie at 25 and D ranks first: secondary D;
 *   gap 42 - 25 = 17, 10..19: medium.
 */
static const struct profile profile_b = {
	"Systemic", { 71, 70, 100, 89, 22 },
	"I", "D", "medium", { 25, 42, 25, 8 },
};

/*
 * Profile C: primary phase Stabilize, DISC primary D (confidence low),
 * completed through PATCH status "completed".  61 questions: q_005
 * answered, q_003 left out.  Every phase question gets its lowest option
 * ("None of these" for the checklists), so each phase earns only its
 * ratings' 1 point each.
 *
 * Stabilize: ratings q_010 a 1, q_014 a 1, everything else 0 (q_013 {g})
 *   = 2/45 = 4.44 -> 4.
 * Organize: q_023 a 1, q_027 a 1 (q_020 {g}, q_026 {f} 0) = 2/44
 *   = 4.545 -> 5.
 * Build: q_032 a 1, q_040 a 1 (q_031 {g}, q_039 {g}) = 2/45 -> 4.
 * Grow: q_045 a 1, q_049 a 1 (q_044 {g}) = 2/45 -> 4.
 * Systemic: q_055 a 1, q_061 a 1, q_062 a 1 (q_059 {g}) = 3/45 = 6.67
 *   -> 7.
 * Primary: Stabilize (4 is below 70).
 *
 * DISC: q_015 b D, q_016 c D, q_017 c D, q_018 a D, q_033 c I,
 *   q_034 a I, q_035 d I, q_036 b I, q_050 b S, q_051 d S, q_052 d C,
 *   q_053 d C.
 *   D 4/12 = 33.33 -> 33, I 33, S 2/12 = 16.67 -> 17, C 17.
 *   D and I tie, D ranks first: primary D, secondary I; gap 0: low.
 */
static const struct profile profile_c = {
	"Stabilize", { 4, 5, 4, 4, 7 },
	"D", "I", "low", { 33, 33, 17, 17 },
};

/* --- GET /v1/questions ------------------------------------------------ */

/* The index of question qid in "questions", or -1. */
static long
q_index(const struct tres *r, const char *qid)
{

	return t_array_find(r, "questions", "id", qid);
}

/* "questions.<i>.<rest>" */
static const char *
qpath(char *buf, size_t sz, long i, const char *rest)
{

	snprintf(buf, sz, "questions.%ld.%s", i, rest);
	return buf;
}

/*
 * Every question has an id, text, a type, isRequired, orderIndex and
 * options with id and text; ids are unique and q_NNN; consultants' also
 * have section, and then the list is in (section, orderIndex) order.
 */
static int
questions_shape_at(const struct tres *r, int consultant, const char *file,
    int line)
{
	json_object	*arr = t_get(r, "questions"), *q, *opts, *o, *v;
	size_t		 i, j, n, k;
	long		 sec, prev_sec = -1, ord, prev_ord = -1;
	const char	*type, *id, *prev_id = "";
	int		 ok = 1;
	char		 why[160] = "";

	if (!t_check(arr != NULL && json_object_is_type(arr, json_type_array),
	    r, file, line, "questions is an array"))
		return 0;
	n = json_object_array_length(arr);
	for (i = 0; ok && i < n; i++) {
		q = json_object_array_get_idx(arr, i);
		id = json_object_object_get_ex(q, "id", &v) &&
		    json_object_is_type(v, json_type_string) ?
		    json_object_get_string(v) : NULL;
		type = json_object_object_get_ex(q, "type", &v) &&
		    json_object_is_type(v, json_type_string) ?
		    json_object_get_string(v) : "";
		if (id == NULL || strncmp(id, "q_", 2) != 0 ||
		    strcmp(id, prev_id) <= 0) {
			snprintf(why, sizeof(why), "question %zu: id missing "
			    "or out of q_NNN order", i);
			ok = 0;
			break;
		}
		prev_id = id;
		if (!json_object_object_get_ex(q, "text", &v) ||
		    !json_object_is_type(v, json_type_string) ||
		    (strcmp(type, "multiple_choice") != 0 &&
		    strcmp(type, "multi_select") != 0 &&
		    strcmp(type, "rating") != 0) ||
		    !json_object_object_get_ex(q, "isRequired", &v) ||
		    !json_object_is_type(v, json_type_boolean) ||
		    !json_object_object_get_ex(q, "orderIndex", &v) ||
		    !json_object_is_type(v, json_type_int) ||
		    !json_object_object_get_ex(q, "category", &v) ||
		    !json_object_is_type(v, json_type_string)) {
			snprintf(why, sizeof(why), "%s: text, type, category, "
			    "isRequired or orderIndex missing or wrong", id);
			ok = 0;
			break;
		}
		ord = (long)json_object_get_int64(json_object_object_get(q,
		    "orderIndex"));
		if (consultant) {
			if (!json_object_object_get_ex(q, "section", &v) ||
			    !json_object_is_type(v, json_type_int)) {
				snprintf(why, sizeof(why), "%s: no section", id);
				ok = 0;
				break;
			}
			sec = (long)json_object_get_int64(v);
			if (sec < prev_sec || (sec == prev_sec &&
			    ord <= prev_ord)) {
				snprintf(why, sizeof(why), "%s: not in "
				    "(section, orderIndex) order", id);
				ok = 0;
				break;
			}
			prev_sec = sec;
			prev_ord = ord;
			if (strcmp(type, "multi_select") == 0 &&
			    (!json_object_object_get_ex(q, "maxPoints", &v) ||
			    !json_object_is_type(v, json_type_int))) {
				snprintf(why, sizeof(why), "%s: multi_select "
				    "without maxPoints", id);
				ok = 0;
				break;
			}
		}
		if (!json_object_object_get_ex(q, "options", &opts) ||
		    !json_object_is_type(opts, json_type_array) ||
		    (k = json_object_array_length(opts)) < 2) {
			snprintf(why, sizeof(why), "%s: fewer than 2 options",
			    id);
			ok = 0;
			break;
		}
		for (j = 0; j < k; j++) {
			o = json_object_array_get_idx(opts, j);
			if (!json_object_object_get_ex(o, "id", &v) ||
			    !json_object_is_type(v, json_type_string) ||
			    strncmp(json_object_get_string(v), "opt_", 4) != 0 ||
			    !json_object_object_get_ex(o, "text", &v) ||
			    !json_object_is_type(v, json_type_string)) {
				snprintf(why, sizeof(why), "%s: option %zu "
				    "lacks id or text", id, j);
				ok = 0;
				break;
			}
		}
	}
	return t_check(ok, r, file, line, "questions have the documented "
	    "shape and order: %s", why);
}
#define QUESTIONS_SHAPE(r, consultant) \
	questions_shape_at((r), (consultant), __FILE__, __LINE__)

/* No object anywhere under o has one of the keys a client must not see. */
static int
no_secret_keys(json_object *o, char *where, size_t sz)
{
	size_t	 i, n;

	if (json_object_is_type(o, json_type_array)) {
		n = json_object_array_length(o);
		for (i = 0; i < n; i++)
			if (!no_secret_keys(json_object_array_get_idx(o, i),
			    where, sz))
				return 0;
		return 1;
	}
	if (!json_object_is_type(o, json_type_object))
		return 1;
	{
		json_object_object_foreach(o, key, val) {
			if (strcmp(key, "score") == 0 ||
			    strcmp(key, "disc") == 0 ||
			    strcmp(key, "phase") == 0 ||
			    strcmp(key, "kind") == 0) {
				snprintf(where, sz, "key \"%s\"", key);
				return 0;
			}
			if (!no_secret_keys(val, where, sz))
				return 0;
		}
	}
	return 1;
}

/* The consultant's view: metadata, phase and (if asked) DISC details. */
static void
test_questions_consultant(void)
{
	struct tres	 r = {0};
	struct tuser	 u;
	char		 p[96];
	long		 i;
	const char	*kind;
	int		 disc = 0;

	if (t_register(&u) == -1)
		return;
	t_req(&r, "GET", "/v1/questions", u.access, NULL);
	if (!T_STATUS(&r, 200))
		goto out;
	T_COMMON(&r);
	QUESTIONS_SHAPE(&r, 1);
	T_CHECKF(&r, t_array_len(&r, "questions") == NODISC_QS,
	    "%d questions without DISC, got %ld", NODISC_QS,
	    t_array_len(&r, "questions"));
	for (i = 0; i < t_array_len(&r, "questions"); i++)
		if ((kind = t_str(&r, qpath(p, sizeof(p), i, "kind"))) ==
		    NULL || strcmp(kind, "disc") == 0)
			disc = 1;
	T_CHECKF(&r, !disc, "every question has a kind, none is disc");
	T_CHECK(&r, q_index(&r, "q_015") < 0 && q_index(&r, "q_053") < 0);

	/* q_006: a phase multiple_choice question, with its scores. */
	if (T_CHECK(&r, (i = q_index(&r, "q_006")) >= 0)) {
		T_INT(&r, qpath(p, sizeof(p), i, "section"), 2);
		T_STR(&r, qpath(p, sizeof(p), i, "category"),
		    "Financial Health");
		T_STR(&r, qpath(p, sizeof(p), i, "phase"), "Stabilize");
		T_STR(&r, qpath(p, sizeof(p), i, "kind"), "phase");
		T_STR(&r, qpath(p, sizeof(p), i, "type"), "multiple_choice");
		T_STR(&r, qpath(p, sizeof(p), i, "text"),
		    "How are day-to-day transactions recorded in your "
		    "business?");
		T_CHECK(&r, t_bool(&r, qpath(p, sizeof(p), i, "isRequired"))
		    == 1);
		T_INT(&r, qpath(p, sizeof(p), i, "orderIndex"), 1);
		T_CHECK(&r, t_array_len(&r, qpath(p, sizeof(p), i, "options"))
		    == 4);
		T_STR(&r, qpath(p, sizeof(p), i, "options.0.id"), "opt_006_a");
		T_INT(&r, qpath(p, sizeof(p), i, "options.0.score"), 0);
		T_STR(&r, qpath(p, sizeof(p), i, "options.2.id"), "opt_006_c");
		T_STR(&r, qpath(p, sizeof(p), i, "options.2.text"),
		    "In accounting software, caught up every month or so");
		T_INT(&r, qpath(p, sizeof(p), i, "options.2.score"), 3);
		T_STR(&r, qpath(p, sizeof(p), i, "options.3.id"), "opt_006_d");
		T_INT(&r, qpath(p, sizeof(p), i, "options.3.score"), 5);
	}
	/* q_013: multi_select with its cap. */
	if (T_CHECK(&r, (i = q_index(&r, "q_013")) >= 0)) {
		T_STR(&r, qpath(p, sizeof(p), i, "type"), "multi_select");
		T_INT(&r, qpath(p, sizeof(p), i, "maxPoints"), 5);
		T_CHECK(&r, t_array_len(&r, qpath(p, sizeof(p), i, "options"))
		    == 7);
		T_INT(&r, qpath(p, sizeof(p), i, "options.1.score"), 2);
	}
	/* q_010: rating. */
	if (T_CHECK(&r, (i = q_index(&r, "q_010")) >= 0)) {
		T_STR(&r, qpath(p, sizeof(p), i, "type"), "rating");
		T_CHECK(&r, t_array_len(&r, qpath(p, sizeof(p), i, "options"))
		    == 5);
		T_INT(&r, qpath(p, sizeof(p), i, "options.4.score"), 5);
	}
	/* Metadata: no phase, no scores; q_003 is optional. */
	if (T_CHECK(&r, (i = q_index(&r, "q_001")) >= 0)) {
		T_STR(&r, qpath(p, sizeof(p), i, "kind"), "metadata");
		T_STR(&r, qpath(p, sizeof(p), i, "phase"), NULL);
		T_STR(&r, qpath(p, sizeof(p), i, "category"),
		    "Business Profile");
		T_INT(&r, qpath(p, sizeof(p), i, "section"), 1);
		T_CHECK(&r, t_bool(&r, qpath(p, sizeof(p), i, "isRequired"))
		    == 1);
		T_CHECK(&r, t_int(&r, qpath(p, sizeof(p), i,
		    "options.0.score")) == T_NOINT);
	}
	if (T_CHECK(&r, (i = q_index(&r, "q_003")) >= 0))
		T_CHECK(&r, t_bool(&r, qpath(p, sizeof(p), i, "isRequired"))
		    == 0);
	T_STR(&r, "questions.0.id", "q_001");
	T_STR(&r, "questions.49.id", "q_062");

	/* includeDisc=false is the default. */
	t_req(&r, "GET", "/v1/questions?includeDisc=false", u.access, NULL);
	if (T_STATUS(&r, 200))
		T_CHECK(&r, t_array_len(&r, "questions") == NODISC_QS);
out:
	t_free(&r);
}

/* includeDisc=true adds the DISC questions, with their letters. */
static void
test_questions_include_disc(void)
{
	static const char *const bad[] = {
		"yes", "1", "TRUE", "True", "", "true%20",
	};
	struct tres	 r = {0};
	struct tuser	 u;
	char		 p[96], path[96];
	long		 i;
	size_t		 k;

	if (t_register(&u) == -1)
		return;
	t_req(&r, "GET", "/v1/questions?includeDisc=true", u.access, NULL);
	if (!T_STATUS(&r, 200))
		goto bad;
	QUESTIONS_SHAPE(&r, 1);
	T_CHECKF(&r, t_array_len(&r, "questions") == ALL_QS,
	    "%d questions with DISC, got %ld", ALL_QS,
	    t_array_len(&r, "questions"));
	T_STR(&r, "questions.14.id", "q_015");	/* section 4 after 2, 3 */
	if (T_CHECK(&r, (i = q_index(&r, "q_015")) >= 0)) {
		T_STR(&r, qpath(p, sizeof(p), i, "kind"), "disc");
		T_STR(&r, qpath(p, sizeof(p), i, "phase"), NULL);
		T_STR(&r, qpath(p, sizeof(p), i, "category"), "Working Style");
		T_INT(&r, qpath(p, sizeof(p), i, "section"), 4);
		T_STR(&r, qpath(p, sizeof(p), i, "type"), "multiple_choice");
		T_CHECK(&r, t_array_len(&r, qpath(p, sizeof(p), i, "options"))
		    == 4);
		/* opt_015_a C, _b D, _c S, _d I; no scores. */
		T_STR(&r, qpath(p, sizeof(p), i, "options.0.id"), "opt_015_a");
		T_STR(&r, qpath(p, sizeof(p), i, "options.0.disc"), "C");
		T_STR(&r, qpath(p, sizeof(p), i, "options.1.disc"), "D");
		T_STR(&r, qpath(p, sizeof(p), i, "options.2.disc"), "S");
		T_STR(&r, qpath(p, sizeof(p), i, "options.3.disc"), "I");
		T_STR(&r, qpath(p, sizeof(p), i, "options.0.score"), NULL);
		T_STR(&r, qpath(p, sizeof(p), i, "options.3.score"), NULL);
	}
bad:
	for (k = 0; k < NELEM(bad); k++) {
		snprintf(path, sizeof(path), "/v1/questions?includeDisc=%s",
		    bad[k]);
		t_req(&r, "GET", path, u.access, NULL);
		T_ERROR(&r, 400, "VALIDATION_ERROR");
		T_DETAIL(&r, "includeDisc");
	}
	t_free(&r);
}

/* category filters, exactly, within what includeDisc allows. */
static void
test_questions_category(void)
{
	struct tres	 r = {0};
	struct tuser	 u;
	char		 p[96];
	long		 i, n;
	int		 ok;

	if (t_register(&u) == -1)
		return;
	t_req(&r, "GET", "/v1/questions?category=Payroll", u.access, NULL);
	if (T_STATUS(&r, 200)) {
		T_CHECK(&r, t_array_len(&r, "questions") == 4);
		T_STR(&r, "questions.0.id", "q_024");
		T_STR(&r, "questions.1.id", "q_025");
		T_STR(&r, "questions.2.id", "q_026");
		T_STR(&r, "questions.3.id", "q_027");
		T_STR(&r, "questions.0.category", "Payroll");
		T_STR(&r, "questions.0.phase", "Organize");
	}
	t_req(&r, "GET", "/v1/questions?category=Working%20Style"
	    "&includeDisc=true", u.access, NULL);
	if (T_STATUS(&r, 200)) {
		n = t_array_len(&r, "questions");
		T_CHECKF(&r, n == 12, "12 DISC questions, got %ld", n);
		for (ok = 1, i = 0; i < n; i++) {
			ok &= t_str(&r, qpath(p, sizeof(p), i, "kind")) !=
			    NULL && strcmp(t_str(&r, qpath(p, sizeof(p), i,
			    "kind")), "disc") == 0;
			ok &= t_str(&r, qpath(p, sizeof(p), i, "category")) !=
			    NULL && strcmp(t_str(&r, qpath(p, sizeof(p), i,
			    "category")), "Working Style") == 0;
		}
		T_CHECKF(&r, ok, "all of kind disc, category Working Style");
		T_STR(&r, "questions.0.id", "q_015");
		T_STR(&r, "questions.11.id", "q_053");
	}
	/* Without includeDisc the DISC questions stay out. */
	t_req(&r, "GET", "/v1/questions?category=Working%20Style", u.access,
	    NULL);
	if (T_STATUS(&r, 200))
		T_CHECK(&r, t_array_len(&r, "questions") == 0);
	/* Names with spaces and '&'. */
	t_req(&r, "GET", "/v1/questions?category=Compliance%20%26%20Tax",
	    u.access, NULL);
	if (T_STATUS(&r, 200)) {
		T_CHECK(&r, t_array_len(&r, "questions") == 4);
		T_STR(&r, "questions.0.id", "q_011");
		T_STR(&r, "questions.3.id", "q_014");
	}
	t_free(&r);
}

/* No credentials, bad credentials: 401. */
static void
test_questions_auth(void)
{
	struct tres	 r = {0};
	struct tuser	 u;
	struct tasm	 a, b;
	struct who	 nobody = { NULL, NULL };
	struct who	 garbage = { "not-a-token", NULL };
	struct who	 w = { NULL, NULL };
	char		 bad[128];

	if (t_register(&u) == -1 || ASM_NEW(&u, &a) == -1 ||
	    ASM_NEW(&u, &b) == -1)
		return;
	req_as(&r, "GET", "/v1/questions", &nobody, NULL);
	T_ERROR(&r, 401, "UNAUTHORIZED");
	T_COMMON(&r);
	req_as(&r, "GET", "/v1/questions", &garbage, NULL);
	T_ERROR(&r, 401, "UNAUTHORIZED");
	/* A wrong secret (a character in the middle changed). */
	snprintf(bad, sizeof(bad), "%s", a.token);
	bad[25 + 10] = bad[25 + 10] == 'A' ? 'B' : 'A';
	w.token = bad;
	req_as(&r, "GET", "/v1/questions", &w, NULL);
	T_ERROR(&r, 401, "UNAUTHORIZED");
	/* a's id with b's secret. */
	snprintf(bad, sizeof(bad), "%.25s%s", a.token, b.token + 25);
	req_as(&r, "GET", "/v1/questions", &w, NULL);
	T_ERROR(&r, 401, "UNAUTHORIZED");
	/* Malformed. */
	w.token = "asm_00000000000000000000_"
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
	req_as(&r, "GET", "/v1/questions", &w, NULL);
	T_ERROR(&r, 401, "UNAUTHORIZED");
	w.token = "garbage";
	req_as(&r, "GET", "/v1/questions", &w, NULL);
	T_ERROR(&r, 401, "UNAUTHORIZED");
	w.token = a.id;
	req_as(&r, "GET", "/v1/questions", &w, NULL);
	T_ERROR(&r, 401, "UNAUTHORIZED");
	t_free(&r);
}

/*
 * The client's view: every question including DISC, but nothing that
 * gives away scores or which questions feed the DISC profile.
 */
static void
test_questions_client_view(void)
{
	struct tres	 r = {0};
	struct tuser	 u;
	struct tasm	 a;
	struct who	 client = { NULL, NULL };
	char		 where[64] = "";
	long		 i;
	char		 p[96];

	if (t_register(&u) == -1 || ASM_NEW(&u, &a) == -1)
		return;
	client.token = a.token;
	req_as(&r, "GET", "/v1/questions", &client, NULL);
	if (!T_STATUS(&r, 200))
		goto out;
	T_COMMON(&r);
	QUESTIONS_SHAPE(&r, 0);
	T_CHECKF(&r, t_array_len(&r, "questions") == ALL_QS,
	    "the client gets all %d questions, got %ld", ALL_QS,
	    t_array_len(&r, "questions"));
	T_CHECKF(&r, r.json != NULL && no_secret_keys(r.json, where,
	    sizeof(where)), "no score, disc, phase or kind anywhere (%s)",
	    where);
	T_STR(&r, "questions.0.id", "q_001");
	T_STR(&r, "questions.14.id", "q_015");
	T_STR(&r, "questions.61.id", "q_062");
	if (T_CHECK(&r, (i = q_index(&r, "q_015")) >= 0)) {
		T_STR(&r, qpath(p, sizeof(p), i, "options.0.id"), "opt_015_a");
		T_STR(&r, qpath(p, sizeof(p), i, "options.0.text"),
		    "In writing, with the figures and the workings, so I can "
		    "study it");
	}
	/* includeDisc does not apply to clients. */
	req_as(&r, "GET", "/v1/questions?includeDisc=false", &client, NULL);
	if (T_STATUS(&r, 200)) {
		T_CHECK(&r, t_array_len(&r, "questions") == ALL_QS);
		T_CHECK(&r, r.json != NULL && no_secret_keys(r.json, where,
		    sizeof(where)));
	}
	req_as(&r, "GET", "/v1/questions?includeDisc=true", &client, NULL);
	if (T_STATUS(&r, 200)) {
		T_CHECK(&r, t_array_len(&r, "questions") == ALL_QS);
		T_CHECK(&r, r.json != NULL && no_secret_keys(r.json, where,
		    sizeof(where)));
	}
out:
	t_free(&r);
}

/* --- answering -------------------------------------------------------- */

/*
 * The client's flow through the link alone: read the questions, save
 * half, come back and see them, answer the rest and submit.
 */
static void
test_client_link_flow(void)
{
	struct tres	 r = {0};
	struct tuser	 u;
	struct tasm	 a;
	struct who	 client = { NULL, NULL }, owner = { NULL, NULL };
	char		*ans[ALL_QS], p[96], buf[128];
	const char	*qid, *type, *opt;
	long		 i, n;
	int		 ok;

	memset(ans, 0, sizeof(ans));
	if (t_register(&u) == -1 || ASM_NEW(&u, &a) == -1)
		return;
	client.token = a.token;
	owner.bearer = u.access;

	/* The questions, as the client sees them. */
	req_as(&r, "GET", "/v1/questions", &client, NULL);
	if (!T_STATUS(&r, 200))
		goto out;
	n = t_array_len(&r, "questions");
	if (!T_CHECKF(&r, n == ALL_QS, "%d questions", ALL_QS))
		goto out;
	/* Answer each with its first option. */
	for (i = 0; i < n; i++) {
		qid = t_str(&r, qpath(p, sizeof(p), i, "id"));
		type = t_str(&r, qpath(p, sizeof(p), i, "type"));
		opt = t_str(&r, qpath(p, sizeof(p), i, "options.0.id"));
		if (!T_CHECK(&r, qid != NULL && type != NULL && opt != NULL))
			goto out;
		snprintf(buf, sizeof(buf), strcmp(type, "multi_select") == 0 ?
		    "%s:[%s]" : "%s:%s", qid, opt);
		if ((ans[i] = strdup(buf)) == NULL)
			abort();
	}

	/*
	 * The first 31 (q_001 to q_031): 29 required (q_003 and q_005 are
	 * optional) of 60, 48.33%, floored to 48.
	 */
	post_answers(&r, a.id, &client, (const char *const *)ans, 0, 31,
	    "true");
	if (!SAVED(&r, a.id, 31, 48, "in_progress"))
		goto out;
	T_COMMON(&r);

	/* Resume: the client sees what was saved. */
	get_responses(&r, a.id, &client);
	if (T_STATUS(&r, 200)) {
		T_STR(&r, "assessmentId", a.id);
		T_INT(&r, "progress", 48);
		T_CHECK(&r, t_array_len(&r, "responses") == 31);
		SHOWS_ANSWERS(&r, (const char *const *)ans, 0, 31);
		T_CHECK(&r, response_for(&r, "q_032") == NULL);
	}
	/* And so does the consultant. */
	get_responses(&r, a.id, &owner);
	if (T_STATUS(&r, 200)) {
		T_CHECK(&r, t_array_len(&r, "responses") == 31);
		T_INT(&r, "progress", 48);
	}
	get_detail(&r, a.id, u.access);
	if (T_STATUS(&r, 200)) {
		T_STR(&r, "status", "in_progress");
		T_INT(&r, "progress", 48);
	}

	/* The rest, as the final submission. */
	post_answers(&r, a.id, &client, (const char *const *)ans, 31, ALL_QS,
	    "false");
	if (!SAVED(&r, a.id, ALL_QS, 100, "completed"))
		goto out;

	get_detail(&r, a.id, u.access);
	if (T_STATUS(&r, 200)) {
		T_STR(&r, "status", "completed");
		T_INT(&r, "progress", 100);
		T_CHECK(&r, t_is_iso8601z(t_str(&r, "completedAt")));
		ok = json_object_is_type(t_get(&r, "discProfile"),
		    json_type_object) && json_object_is_type(t_get(&r,
		    "phaseResults"), json_type_object) &&
		    t_str(&r, "discProfile.primary") != NULL &&
		    t_str(&r, "phaseResults.primary") != NULL;
		T_CHECKF(&r, ok, "discProfile and phaseResults are filled in");
	}
	get_responses(&r, a.id, &owner);
	if (T_STATUS(&r, 200)) {
		T_CHECK(&r, t_array_len(&r, "responses") == ALL_QS);
		T_INT(&r, "progress", 100);
		SHOWS_ANSWERS(&r, (const char *const *)ans, 0, ALL_QS);
	}
	/* Done: no more answers, from either side. */
	post_answers(&r, a.id, &client, (const char *const *)ans, 0, 1,
	    "true");
	T_ERROR(&r, 409, "CONFLICT");
	post_answers(&r, a.id, &client, (const char *const *)ans, 0, 1,
	    "false");
	T_ERROR(&r, 409, "CONFLICT");
	post_answers(&r, a.id, &owner, (const char *const *)ans, 0, 1, "true");
	T_ERROR(&r, 409, "CONFLICT");
	/* The client still cannot read the scored assessment. */
	req_as(&r, "GET", "/v1/assessments", &client, NULL);
	T_ERROR(&r, 401, "UNAUTHORIZED");
	snprintf(p, sizeof(p), "/v1/assessments/%s", a.id);
	req_as(&r, "GET", p, &client, NULL);
	T_ERROR(&r, 401, "UNAUTHORIZED");
out:
	for (i = 0; i < ALL_QS; i++)
		free(ans[i]);
	t_free(&r);
}

/*
 * Autosave with the consultant's token (collaborative): counts, floored
 * progress, replacing answers, idempotence, multi_select either way.
 */
static void
test_autosave_resume(void)
{
	static const char *const first[] = {
		"q_001:opt_001_b", "q_006:opt_006_c",
		"q_013:[opt_013_a,opt_013_f]",
	};
	static const char *const second[] = {
		"q_006:opt_006_d",		/* replaces opt_006_c */
		"q_020:opt_020_b",		/* multi_select, one option */
		"q_003:opt_003_f",		/* optional */
		"q_010:opt_010_e",		/* rating */
	};
	static const char *const third[] = {
		"q_013:[opt_013_b]",		/* replaces two with one */
		"q_015:opt_015_b",		/* DISC */
	};
	struct tres	 r = {0};
	struct tuser	 u;
	struct tasm	 a;
	struct who	 owner = { NULL, NULL };
	char		 path[64];

	if (t_register(&u) == -1 || ASM_NEW_COLLAB(&u, &a) == -1)
		return;
	owner.bearer = u.access;

	/* 3 required of 60: 5%. */
	post_answers(&r, a.id, &owner, first, 0, NELEM(first), "true");
	if (!SAVED(&r, a.id, 3, 5, "in_progress"))
		goto out;
	get_detail(&r, a.id, u.access);
	if (T_STATUS(&r, 200)) {
		T_STR(&r, "status", "in_progress");
		T_INT(&r, "progress", 5);
		T_STR(&r, "discProfile", NULL);
		T_STR(&r, "phaseResults", NULL);
	}
	/* The same again changes nothing. */
	post_answers(&r, a.id, &owner, first, 0, NELEM(first), "true");
	SAVED(&r, a.id, 3, 5, "in_progress");
	get_responses(&r, a.id, &owner);
	if (T_STATUS(&r, 200)) {
		T_CHECK(&r, t_array_len(&r, "responses") == 3);
		SHOWS_ANSWERS(&r, first, 0, NELEM(first));
	}

	/*
	 * q_001, q_006, q_013, q_020, q_010 required and q_003 optional:
	 * 6 answered, 5 of 60 required = 8.33%, floored to 8.
	 */
	post_answers(&r, a.id, &owner, second, 0, NELEM(second), "true");
	if (!SAVED(&r, a.id, 6, 8, "in_progress"))
		goto out;
	get_responses(&r, a.id, &owner);
	if (T_STATUS(&r, 200)) {
		T_STR(&r, "assessmentId", a.id);
		T_INT(&r, "progress", 8);
		T_CHECK(&r, t_array_len(&r, "responses") == 6);
		SHOWS_ANSWER(&r, "q_001", "opt_001_b");
		SHOWS_ANSWER(&r, "q_006", "opt_006_d");
		SHOWS_ANSWER(&r, "q_013", "[opt_013_a,opt_013_f]");
		SHOWS_ANSWER(&r, "q_020", "[opt_020_b]");
		SHOWS_ANSWER(&r, "q_003", "opt_003_f");
		SHOWS_ANSWER(&r, "q_010", "opt_010_e");
	}

	/* 7 answered, 6 required: 10%. */
	post_answers(&r, a.id, &owner, third, 0, NELEM(third), "true");
	if (!SAVED(&r, a.id, 7, 10, "in_progress"))
		goto out;
	get_responses(&r, a.id, &owner);
	if (T_STATUS(&r, 200)) {
		T_CHECK(&r, t_array_len(&r, "responses") == 7);
		SHOWS_ANSWER(&r, "q_013", "[opt_013_b]");
		SHOWS_ANSWER(&r, "q_015", "opt_015_b");
		SHOWS_ANSWER(&r, "q_006", "opt_006_d");
	}
	/* The list agrees. */
	t_req(&r, "GET", "/v1/assessments", u.access, NULL);
	if (T_STATUS(&r, 200)) {
		T_STR(&r, "assessments.0.id", a.id);
		T_STR(&r, "assessments.0.status", "in_progress");
		T_INT(&r, "assessments.0.progress", 10);
	}
	t_req(&r, "GET", "/v1/assessments?status=in_progress", u.access,
	    NULL);
	if (T_STATUS(&r, 200))
		T_INT(&r, "pagination.total", 1);
	/* PATCH in_progress is now a no-op; pending is refused. */
	snprintf(path, sizeof(path), "/v1/assessments/%s", a.id);
	t_req(&r, "PATCH", path, u.access, "{\"status\":\"in_progress\"}");
	if (T_STATUS(&r, 200))
		T_INT(&r, "progress", 10);
	t_req(&r, "PATCH", path, u.access, "{\"status\":\"pending\"}");
	T_DETAIL(&r, "status");
out:
	t_free(&r);
}

/* The first answer through the client link moves pending to in_progress. */
static void
test_first_answer_starts(void)
{
	static const char *const one[] = { "q_002:opt_002_a" };
	struct tres	 r = {0};
	struct tuser	 u;
	struct tasm	 a;
	struct who	 client = { NULL, NULL };

	if (t_register(&u) == -1 || ASM_NEW(&u, &a) == -1)
		return;
	client.token = a.token;
	get_detail(&r, a.id, u.access);
	T_STR(&r, "status", "pending");
	/* 1 of 60: 1.67%, floored to 1. */
	post_answers(&r, a.id, &client, one, 0, 1, "true");
	SAVED(&r, a.id, 1, 1, "in_progress");
	get_detail(&r, a.id, u.access);
	if (T_STATUS(&r, 200)) {
		T_STR(&r, "status", "in_progress");
		T_INT(&r, "progress", 1);
	}
	t_free(&r);
}

/*
 * Every invalid request is refused whole: 400 VALIDATION_ERROR naming
 * the answer at fault, and nothing is saved.
 */
static void
test_responses_validation(void)
{
	static const struct {
		const char	*field;		/* exact details key */
		int		 prefix;	/* or only its start */
		const char	*body;
	} cases[] = {
		/* Unknown question, after a valid answer. */
		{ "responses[1].questionId", 0, "{\"responses\":["
		    "{\"questionId\":\"q_001\",\"selectedOption\":\"opt_001_a\"},"
		    "{\"questionId\":\"q_999\",\"selectedOption\":\"opt_999_a\"}"
		    "],\"isPartial\":true}" },
		{ "responses[0].questionId", 0, "{\"responses\":["
		    "{\"questionId\":\"Q_001\",\"selectedOption\":\"opt_001_a\"}"
		    "],\"isPartial\":true}" },
		{ "responses[0].questionId", 0, "{\"responses\":["
		    "{\"selectedOption\":\"opt_001_a\"}],\"isPartial\":true}" },
		{ "responses[0].questionId", 0, "{\"responses\":["
		    "{\"questionId\":1,\"selectedOption\":\"opt_001_a\"}],"
		    "\"isPartial\":true}" },
		/* Another question's option, or none of any. */
		{ "responses[0].selectedOption", 0, "{\"responses\":["
		    "{\"questionId\":\"q_006\",\"selectedOption\":\"opt_007_a\"}"
		    "],\"isPartial\":true}" },
		{ "responses[1].selectedOption", 0, "{\"responses\":["
		    "{\"questionId\":\"q_001\",\"selectedOption\":\"opt_001_a\"},"
		    "{\"questionId\":\"q_006\",\"selectedOption\":\"opt_006_z\"}"
		    "],\"isPartial\":true}" },
		{ "responses[0].selectedOption", 0, "{\"responses\":["
		    "{\"questionId\":\"q_010\",\"selectedOption\":\"5\"}],"
		    "\"isPartial\":true}" },
		{ "responses[0].selectedOption", 0, "{\"responses\":["
		    "{\"questionId\":\"q_015\",\"selectedOption\":\"D\"}],"
		    "\"isPartial\":true}" },
		{ "responses[0].selectedOptions", 0, "{\"responses\":["
		    "{\"questionId\":\"q_013\",\"selectedOptions\":"
		    "[\"opt_013_a\",\"opt_020_a\"]}],\"isPartial\":true}" },
		/* multiple_choice and rating take exactly one option. */
		{ "responses[0].", 1, "{\"responses\":["
		    "{\"questionId\":\"q_006\",\"selectedOptions\":"
		    "[\"opt_006_a\",\"opt_006_b\"]}],\"isPartial\":true}" },
		{ "responses[0].", 1, "{\"responses\":["
		    "{\"questionId\":\"q_010\",\"selectedOptions\":"
		    "[\"opt_010_a\",\"opt_010_e\"]}],\"isPartial\":true}" },
		{ "responses[0].", 1, "{\"responses\":["
		    "{\"questionId\":\"q_015\",\"selectedOptions\":"
		    "[\"opt_015_a\",\"opt_015_b\"]}],\"isPartial\":true}" },
		/* No option at all, or both forms. */
		{ "responses[0].", 1, "{\"responses\":["
		    "{\"questionId\":\"q_006\"}],\"isPartial\":true}" },
		{ "responses[0].", 1, "{\"responses\":["
		    "{\"questionId\":\"q_006\",\"selectedOption\":null}],"
		    "\"isPartial\":true}" },
		{ "responses[0].", 1, "{\"responses\":["
		    "{\"questionId\":\"q_013\",\"selectedOption\":\"opt_013_a\","
		    "\"selectedOptions\":[\"opt_013_b\"]}],\"isPartial\":true}" },
		/* multi_select: 1..n distinct options of the question. */
		{ "responses[0].", 1, "{\"responses\":["
		    "{\"questionId\":\"q_013\",\"selectedOptions\":[]}],"
		    "\"isPartial\":true}" },
		{ "responses[0].", 1, "{\"responses\":["
		    "{\"questionId\":\"q_013\",\"selectedOptions\":"
		    "[\"opt_013_a\",\"opt_013_a\"]}],\"isPartial\":true}" },
		{ "responses[0].", 1, "{\"responses\":["
		    "{\"questionId\":\"q_013\",\"selectedOptions\":"
		    "\"opt_013_a\"}],\"isPartial\":true}" },
		{ "responses[0].", 1, "{\"responses\":["
		    "{\"questionId\":\"q_013\",\"selectedOptions\":[1]}],"
		    "\"isPartial\":true}" },
		/* The same question twice: the second one is at fault. */
		{ "responses[1]", 1, "{\"responses\":["
		    "{\"questionId\":\"q_006\",\"selectedOption\":\"opt_006_a\"},"
		    "{\"questionId\":\"q_006\",\"selectedOption\":\"opt_006_b\"}"
		    "],\"isPartial\":true}" },
		/* Shape of the request. */
		{ "isPartial", 0, "{\"responses\":["
		    "{\"questionId\":\"q_006\",\"selectedOption\":\"opt_006_a\"}"
		    "]}" },
		{ "isPartial", 0, "{\"responses\":["
		    "{\"questionId\":\"q_006\",\"selectedOption\":\"opt_006_a\"}"
		    "],\"isPartial\":\"true\"}" },
		{ "isPartial", 0, "{\"responses\":["
		    "{\"questionId\":\"q_006\",\"selectedOption\":\"opt_006_a\"}"
		    "],\"isPartial\":null}" },
		{ "responses", 0, "{\"isPartial\":true}" },
		{ "responses", 0, "{\"responses\":{\"questionId\":\"q_006\","
		    "\"selectedOption\":\"opt_006_a\"},\"isPartial\":true}" },
		{ "responses[0]", 1, "{\"responses\":[\"q_006\"],"
		    "\"isPartial\":true}" },
	};
	struct tres	 r = {0};
	struct tuser	 u;
	struct tasm	 a;
	struct who	 owner = { NULL, NULL }, client = { NULL, NULL };
	size_t		 i;

	if (t_register(&u) == -1 || ASM_NEW(&u, &a) == -1)
		return;
	owner.bearer = u.access;
	client.token = a.token;
	for (i = 0; i < NELEM(cases); i++) {
		post_body(&r, a.id, i % 2 ? &client : &owner, cases[i].body);
		if (cases[i].prefix)
			DETAIL_PREFIX(&r, cases[i].field);
		else
			T_DETAIL(&r, cases[i].field);
	}
	/* A final submission with an invalid answer: same, no missing list. */
	post_body(&r, a.id, &owner, "{\"responses\":["
	    "{\"questionId\":\"q_006\",\"selectedOption\":\"opt_001_a\"}],"
	    "\"isPartial\":false}");
	T_DETAIL(&r, "responses[0].selectedOption");
	NOTHING_SAVED(a.id, u.access, "pending");
	t_free(&r);
}

/*
 * A final submission that leaves required questions unanswered saves
 * nothing and lists what is missing.
 */
static void
test_final_incomplete(void)
{
	static const char *const saved[] = {
		"q_001:opt_001_c", "q_002:opt_002_b",
	};
	static const char *const more[] = {
		"q_004:opt_004_d", "q_005:opt_005_b", "q_006:opt_006_b",
	};
	struct tres	 r = {0};
	struct tuser	 u;
	struct tasm	 a;
	struct who	 owner = { NULL, NULL }, client = { NULL, NULL };
	json_object	*miss;

	if (t_register(&u) == -1 || ASM_NEW(&u, &a) == -1)
		return;
	owner.bearer = u.access;
	client.token = a.token;

	/* Nothing answered at all. */
	post_answers(&r, a.id, &client, more, 0, 0, "false");
	T_ERROR(&r, 400, "VALIDATION_ERROR");
	T_CHECK(&r, t_array_len(&r, "error.details.missingQuestions") ==
	    REQUIRED_QS);
	NOTHING_SAVED(a.id, u.access, "pending");

	post_answers(&r, a.id, &client, saved, 0, NELEM(saved), "true");
	SAVED(&r, a.id, 2, 3, "in_progress");	/* 2/60 = 3.33% */

	/*
	 * With this request's q_004 and q_006 (q_005 is optional), 4 of 60
	 * required are answered: 56 missing.
	 */
	post_answers(&r, a.id, &client, more, 0, NELEM(more), "false");
	T_ERROR(&r, 400, "VALIDATION_ERROR");
	miss = t_get(&r, "error.details.missingQuestions");
	T_CHECKF(&r, t_array_len(&r, "error.details.missingQuestions") == 56,
	    "56 required questions missing, got %ld",
	    t_array_len(&r, "error.details.missingQuestions"));
	T_CHECKF(&r, array_has(miss, "q_007") && array_has(miss, "q_015") &&
	    array_has(miss, "q_062") && !array_has(miss, "q_001") &&
	    !array_has(miss, "q_002") && !array_has(miss, "q_004") &&
	    !array_has(miss, "q_006") && !array_has(miss, "q_003") &&
	    !array_has(miss, "q_005"),
	    "missingQuestions has q_007, q_015, q_062 but not the answered "
	    "q_001, q_002, q_004, q_006 nor the optional q_003, q_005");
	T_CHECK(&r, t_has(&r, "error.details.responses"));

	/* Nothing of that request was saved. */
	get_responses(&r, a.id, &owner);
	if (T_STATUS(&r, 200)) {
		T_CHECK(&r, t_array_len(&r, "responses") == 2);
		T_INT(&r, "progress", 3);
		T_CHECK(&r, response_for(&r, "q_004") == NULL &&
		    response_for(&r, "q_005") == NULL &&
		    response_for(&r, "q_006") == NULL);
		SHOWS_ANSWERS(&r, saved, 0, NELEM(saved));
	}
	get_detail(&r, a.id, u.access);
	if (T_STATUS(&r, 200)) {
		T_STR(&r, "status", "in_progress");
		T_INT(&r, "progress", 3);
		T_STR(&r, "discProfile", NULL);
	}
	/* A final submission that changes an answer but is incomplete. */
	post_answers(&r, a.id, &owner, (const char *const[]){
	    "q_001:opt_001_h" }, 0, 1, "false");
	T_ERROR(&r, 400, "VALIDATION_ERROR");
	get_responses(&r, a.id, &owner);
	if (T_STATUS(&r, 200))
		SHOWS_ANSWER(&r, "q_001", "opt_001_c");
	t_free(&r);
}

/* Profile A: everything in one final submission, by the client. */
static void
test_profile_organize_c(void)
{
	struct tres	 r = {0};
	struct tuser	 u;
	struct tasm	 a;
	struct who	 client = { NULL, NULL }, owner = { NULL, NULL };
	char		 path[64];

	if (t_register(&u) == -1 || ASM_NEW(&u, &a) == -1)
		return;
	client.token = a.token;
	owner.bearer = u.access;
	post_answers(&r, a.id, &client, t_prof_a.answers, 0, t_prof_a.n,
	    "false");
	if (!SAVED(&r, a.id, ALL_QS, 100, "completed"))
		goto out;
	get_detail(&r, a.id, u.access);
	if (T_STATUS(&r, 200))
		PROFILE(&r, &profile_a);
	get_responses(&r, a.id, &owner);
	if (T_STATUS(&r, 200)) {
		T_CHECK(&r, t_array_len(&r, "responses") == ALL_QS);
		SHOWS_ANSWERS(&r, t_prof_a.answers, 0, t_prof_a.n);
	}
	t_req(&r, "GET", "/v1/assessments?status=completed", u.access, NULL);
	if (T_STATUS(&r, 200)) {
		T_STR(&r, "assessments.0.id", a.id);
		T_STR(&r, "assessments.0.status", "completed");
		T_INT(&r, "assessments.0.progress", 100);
	}
	/* Completed is final. */
	post_answers(&r, a.id, &client, t_prof_a.answers, 0, 1, "true");
	T_ERROR(&r, 409, "CONFLICT");
	snprintf(path, sizeof(path), "/v1/assessments/%s", a.id);
	t_req(&r, "PATCH", path, u.access, "{\"status\":\"in_progress\"}");
	T_DETAIL(&r, "status");
	t_req(&r, "PATCH", path, u.access, "{\"status\":\"pending\"}");
	T_DETAIL(&r, "status");
	t_req(&r, "PATCH", path, u.access, "{\"status\":\"completed\"}");
	if (T_STATUS(&r, 200))
		PROFILE(&r, &profile_a);	/* a no-op keeps the scores */
	/* Notes can still change, and the results stay. */
	t_req(&r, "PATCH", path, u.access, "{\"notes\":\"Debriefed\"}");
	if (T_STATUS(&r, 200)) {
		T_STR(&r, "notes", "Debriefed");
		PROFILE(&r, &profile_a);
	}
out:
	t_free(&r);
}

/*
 * Profile B: the consultant (collaborative) saves half, then submits the
 * rest; optional questions left out.
 */
static void
test_profile_systemic_i(void)
{
	struct tres	 r = {0};
	struct tuser	 u;
	struct tasm	 a;
	struct who	 owner = { NULL, NULL };
	size_t		 n = t_prof_b.n;

	if (t_register(&u) == -1 || ASM_NEW_COLLAB(&u, &a) == -1)
		return;
	owner.bearer = u.access;
	/* 30 of the 60 required: 50%. */
	post_answers(&r, a.id, &owner, t_prof_b.answers, 0, 30, "true");
	if (!SAVED(&r, a.id, 30, 50, "in_progress"))
		goto out;
	get_detail(&r, a.id, u.access);
	if (T_STATUS(&r, 200)) {
		T_STR(&r, "status", "in_progress");
		T_STR(&r, "discProfile", NULL);
		T_STR(&r, "phaseResults", NULL);
	}
	post_answers(&r, a.id, &owner, t_prof_b.answers, 30, n, "false");
	if (!SAVED(&r, a.id, REQUIRED_QS, 100, "completed"))
		goto out;
	get_detail(&r, a.id, u.access);
	if (T_STATUS(&r, 200))
		PROFILE(&r, &profile_b);
	get_responses(&r, a.id, &owner);
	if (T_STATUS(&r, 200)) {
		T_CHECK(&r, t_array_len(&r, "responses") == REQUIRED_QS);
		T_INT(&r, "progress", 100);
		SHOWS_ANSWERS(&r, t_prof_b.answers, 0, n);
	}
	post_answers(&r, a.id, &owner, t_prof_b.answers, 0, 1, "false");
	T_ERROR(&r, 409, "CONFLICT");
out:
	t_free(&r);
}

/*
 * Profile C: everything saved as partial (stays in_progress even when
 * complete), then PATCH status "completed" scores it.
 */
static void
test_profile_stabilize_d_by_patch(void)
{
	struct tres	 r = {0};
	struct tuser	 u;
	struct tasm	 a;
	struct who	 client = { NULL, NULL }, owner = { NULL, NULL };
	size_t		 n = t_prof_c.n;
	char		 path[64];

	if (t_register(&u) == -1 || ASM_NEW(&u, &a) == -1)
		return;
	client.token = a.token;
	owner.bearer = u.access;
	post_answers(&r, a.id, &client, t_prof_c.answers, 0, n, "true");
	if (!SAVED(&r, a.id, 61, 100, "in_progress"))
		goto out;
	get_detail(&r, a.id, u.access);
	if (T_STATUS(&r, 200)) {
		T_STR(&r, "status", "in_progress");
		T_INT(&r, "progress", 100);
		T_STR(&r, "discProfile", NULL);
		T_STR(&r, "completedAt", NULL);
	}
	snprintf(path, sizeof(path), "/v1/assessments/%s", a.id);
	t_req(&r, "PATCH", path, u.access, "{\"status\":\"completed\"}");
	if (!T_STATUS(&r, 200))
		goto out;
	PROFILE(&r, &profile_c);
	get_detail(&r, a.id, u.access);
	if (T_STATUS(&r, 200))
		PROFILE(&r, &profile_c);
	post_answers(&r, a.id, &client, t_prof_c.answers, 0, 1, "true");
	T_ERROR(&r, 409, "CONFLICT");
	post_answers(&r, a.id, &owner, t_prof_c.answers, 0, 1, "true");
	T_ERROR(&r, 409, "CONFLICT");
	get_responses(&r, a.id, &owner);
	if (T_STATUS(&r, 200))
		T_CHECK(&r, t_array_len(&r, "responses") == 61);
out:
	t_free(&r);
}

/*
 * PATCH status "completed" with one required answer missing is refused
 * and names it; the answers stay.
 */
static void
test_patch_completed_missing_one(void)
{
	struct tres	 r = {0};
	struct tuser	 u;
	struct tasm	 a;
	struct who	 owner = { NULL, NULL };
	char		 path[64];
	size_t		 n = t_prof_b.n;

	if (t_register(&u) == -1 || ASM_NEW(&u, &a) == -1)
		return;
	owner.bearer = u.access;
	/* Everything but the last (q_062): 59 of 60 = 98.33%, 98. */
	post_answers(&r, a.id, &owner, t_prof_b.answers, 0, n - 1, "true");
	if (!SAVED(&r, a.id, 59, 98, "in_progress"))
		goto out;
	snprintf(path, sizeof(path), "/v1/assessments/%s", a.id);
	t_req(&r, "PATCH", path, u.access, "{\"status\":\"completed\"}");
	T_DETAIL(&r, "status");
	T_CHECK(&r, t_array_len(&r, "error.details.missingQuestions") == 1 &&
	    t_str(&r, "error.details.missingQuestions.0") != NULL &&
	    strcmp(t_str(&r, "error.details.missingQuestions.0"), "q_062")
	    == 0);
	get_detail(&r, a.id, u.access);
	if (T_STATUS(&r, 200)) {
		T_STR(&r, "status", "in_progress");
		T_INT(&r, "progress", 98);
		T_STR(&r, "phaseResults", NULL);
	}
	/* The last one as the final submission completes it. */
	post_answers(&r, a.id, &owner, t_prof_b.answers, n - 1, n, "false");
	if (SAVED(&r, a.id, REQUIRED_QS, 100, "completed")) {
		get_detail(&r, a.id, u.access);
		if (T_STATUS(&r, 200))
			PROFILE(&r, &profile_b);
	}
out:
	t_free(&r);
}

/*
 * Past expiresAt: the client's link is refused (401), the consultant
 * gets 409, nothing is saved, and the assessment shows as expired.
 */
static void
test_expired_responses(void)
{
	static const char *const one[] = { "q_001:opt_001_a" };
	static const char *const two[] = { "q_002:opt_002_a" };
	struct tres	 r = {0};
	struct tuser	 u;
	struct tasm	 a, p;
	struct who	 client = { NULL, NULL }, owner = { NULL, NULL };
	struct who	 pclient = { NULL, NULL };

	if (t_register(&u) == -1 || ASM_NEW(&u, &a) == -1 ||
	    ASM_NEW(&u, &p) == -1)
		return;
	client.token = a.token;
	pclient.token = p.token;
	owner.bearer = u.access;
	post_answers(&r, a.id, &client, one, 0, 1, "true");
	if (!SAVED(&r, a.id, 1, 1, "in_progress"))
		goto out;
	if (ASM_EXPIRE(a.id) == -1 || ASM_EXPIRE(p.id) == -1)
		goto out;

	post_answers(&r, a.id, &client, two, 0, 1, "true");
	T_ERROR(&r, 401, "UNAUTHORIZED");
	post_answers(&r, a.id, &client, t_prof_a.answers, 0, t_prof_a.n,
	    "false");
	T_ERROR(&r, 401, "UNAUTHORIZED");
	post_answers(&r, a.id, &owner, two, 0, 1, "true");
	T_ERROR(&r, 409, "CONFLICT");
	post_answers(&r, a.id, &owner, t_prof_a.answers, 0, t_prof_a.n,
	    "false");
	T_ERROR(&r, 409, "CONFLICT");
	/* An expired pending one likewise. */
	post_answers(&r, p.id, &pclient, one, 0, 1, "true");
	T_ERROR(&r, 401, "UNAUTHORIZED");
	post_answers(&r, p.id, &owner, one, 0, 1, "true");
	T_ERROR(&r, 409, "CONFLICT");

	get_detail(&r, a.id, u.access);
	if (T_STATUS(&r, 200)) {
		T_STR(&r, "status", "expired");
		T_STR(&r, "discProfile", NULL);
		T_STR(&r, "completedAt", NULL);
	}
	get_detail(&r, p.id, u.access);
	if (T_STATUS(&r, 200))
		T_STR(&r, "status", "expired");
	get_responses(&r, a.id, &owner);
	if (T_STATUS(&r, 200)) {
		T_CHECK(&r, t_array_len(&r, "responses") == 1);
		SHOWS_ANSWERS(&r, one, 0, 1);
	}
	get_responses(&r, p.id, &owner);
	if (T_STATUS(&r, 200))
		T_CHECK(&r, t_array_len(&r, "responses") == 0);
	t_req(&r, "GET", "/v1/assessments?status=expired", u.access, NULL);
	if (T_STATUS(&r, 200))
		T_INT(&r, "pagination.total", 2);
out:
	t_free(&r);
}

/*
 * Broken object-level authorization on the responses: another
 * consultant gets 404 for reading and writing, and nothing changes.
 */
static void
test_bola_responses(void)
{
	static const char *const mine[] = {
		"q_001:opt_001_a", "q_013:[opt_013_a,opt_013_b]",
	};
	static const char *const theirs[] = {
		"q_001:opt_001_h", "q_002:opt_002_d",
	};
	struct tres	 r = {0};
	struct tuser	 a, b;
	struct tasm	 x;
	struct who	 owner = { NULL, NULL }, other = { NULL, NULL };

	if (t_register(&a) == -1 || t_register(&b) == -1 ||
	    ASM_NEW(&a, &x) == -1)
		return;
	owner.bearer = a.access;
	other.bearer = b.access;
	post_answers(&r, x.id, &owner, mine, 0, NELEM(mine), "true");
	if (!SAVED(&r, x.id, 2, 3, "in_progress"))
		goto out;

	get_responses(&r, x.id, &other);
	T_ERROR(&r, 404, "NOT_FOUND");
	T_CHECK(&r, strstr(r.body, "opt_013") == NULL);
	post_answers(&r, x.id, &other, theirs, 0, NELEM(theirs), "true");
	T_ERROR(&r, 404, "NOT_FOUND");
	post_answers(&r, x.id, &other, t_prof_a.answers, 0, t_prof_a.n,
	    "false");
	T_ERROR(&r, 404, "NOT_FOUND");
	/* Invalid bodies too: the owner check comes first. */
	post_body(&r, x.id, &other, "{}");
	T_ERROR(&r, 404, "NOT_FOUND");

	get_responses(&r, x.id, &owner);
	if (T_STATUS(&r, 200)) {
		T_CHECK(&r, t_array_len(&r, "responses") == 2);
		T_INT(&r, "progress", 3);
		SHOWS_ANSWERS(&r, mine, 0, NELEM(mine));
		T_CHECK(&r, response_for(&r, "q_002") == NULL);
	}
	get_detail(&r, x.id, a.access);
	if (T_STATUS(&r, 200)) {
		T_STR(&r, "status", "in_progress");
		T_STR(&r, "discProfile", NULL);
	}
	/* Unknown assessment, for comparison. */
	get_responses(&r, "asm_00000000000000000000", &owner);
	T_ERROR(&r, 404, "NOT_FOUND");
out:
	t_free(&r);
}

/*
 * A link token opens its own assessment only, and only with the right
 * secret; a token never needs (or accepts) a bearer's rights.
 */
static void
test_token_scope(void)
{
	static const char *const one[] = { "q_001:opt_001_a" };
	struct tres	 r = {0};
	struct tuser	 u, v;
	struct tasm	 a, b, c;
	struct who	 w = { NULL, NULL }, nobody = { NULL, NULL };
	char		 bad[128];

	if (t_register(&u) == -1 || t_register(&v) == -1 ||
	    ASM_NEW(&u, &a) == -1 || ASM_NEW(&u, &b) == -1 ||
	    ASM_NEW(&v, &c) == -1)
		return;

	/* a's token on b's (same consultant) and c's (another) path. */
	w.token = a.token;
	post_answers(&r, b.id, &w, one, 0, 1, "true");
	T_ERROR(&r, 401, "UNAUTHORIZED");
	get_responses(&r, b.id, &w);
	T_ERROR(&r, 401, "UNAUTHORIZED");
	post_answers(&r, c.id, &w, one, 0, 1, "true");
	T_ERROR(&r, 401, "UNAUTHORIZED");
	get_responses(&r, c.id, &w);
	T_ERROR(&r, 401, "UNAUTHORIZED");

	/* A wrong secret on a's own path. */
	snprintf(bad, sizeof(bad), "%s", a.token);
	bad[25 + 20] = bad[25 + 20] == 'x' ? 'y' : 'x';
	w.token = bad;
	post_answers(&r, a.id, &w, one, 0, 1, "true");
	T_ERROR(&r, 401, "UNAUTHORIZED");
	get_responses(&r, a.id, &w);
	T_ERROR(&r, 401, "UNAUTHORIZED");
	/* The secret of b with the id of a. */
	snprintf(bad, sizeof(bad), "%.25s%s", a.token, b.token + 25);
	post_answers(&r, a.id, &w, one, 0, 1, "true");
	T_ERROR(&r, 401, "UNAUTHORIZED");
	/* Truncated, or the bare id. */
	snprintf(bad, sizeof(bad), "%.*s", (int)strlen(a.token) - 1, a.token);
	post_answers(&r, a.id, &w, one, 0, 1, "true");
	T_ERROR(&r, 401, "UNAUTHORIZED");
	w.token = a.id;
	post_answers(&r, a.id, &w, one, 0, 1, "true");
	T_ERROR(&r, 401, "UNAUTHORIZED");
	/* No credentials at all. */
	post_answers(&r, a.id, &nobody, one, 0, 1, "true");
	T_ERROR(&r, 401, "UNAUTHORIZED");
	get_responses(&r, a.id, &nobody);
	T_ERROR(&r, 401, "UNAUTHORIZED");

	/* Nothing got saved anywhere. */
	NOTHING_SAVED(a.id, u.access, "pending");
	NOTHING_SAVED(b.id, u.access, "pending");
	NOTHING_SAVED(c.id, v.access, "pending");

	/* The right token works, for reading too. */
	w.token = a.token;
	post_answers(&r, a.id, &w, one, 0, 1, "true");
	SAVED(&r, a.id, 1, 1, "in_progress");
	get_responses(&r, a.id, &w);
	if (T_STATUS(&r, 200)) {
		T_STR(&r, "assessmentId", a.id);
		T_INT(&r, "progress", 1);
		SHOWS_ANSWERS(&r, one, 0, 1);
	}
	t_free(&r);
}

void
suite_responses(void)
{
	CU_pSuite	 s = t_suite("responses");

	T_ADD(s, test_questions_consultant);
	T_ADD(s, test_questions_include_disc);
	T_ADD(s, test_questions_category);
	T_ADD(s, test_questions_auth);
	T_ADD(s, test_questions_client_view);
	T_ADD(s, test_client_link_flow);
	T_ADD(s, test_autosave_resume);
	T_ADD(s, test_first_answer_starts);
	T_ADD(s, test_responses_validation);
	T_ADD(s, test_final_incomplete);
	T_ADD(s, test_profile_organize_c);
	T_ADD(s, test_profile_systemic_i);
	T_ADD(s, test_profile_stabilize_d_by_patch);
	T_ADD(s, test_patch_completed_missing_one);
	T_ADD(s, test_expired_responses);
	T_ADD(s, test_bola_responses);
	T_ADD(s, test_token_scope);
}
