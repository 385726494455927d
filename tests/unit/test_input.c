/*
 * test_input.c: CUnit suite for lib/input (typed getters over a JSON body
 * collecting validation errors by field name).
 *
 * Tables of body and call -> expected value and error; a failure names
 * the row's line.  Errors are checked in in->errors, the object in_fail
 * would send as details.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "input.h"

void	suite_input(void);

static void	check_at(int, bool, const char *, ...)
		    __attribute__((format(printf, 3, 4)));

/* Records one assertion at a table row's line; CUnit copies the message. */
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

static const char *
str_or_null(const char *s)
{
	return s == NULL ? "(null)" : s;
}

/* The body of a row: parsed, and must be an object. */
static json_object *
body(int line, const char *json)
{
	json_object	*o = json_tokener_parse(json);

	check_at(line, o != NULL && json_object_is_type(o, json_type_object),
	    "bad test body %s", json);
	return o;
}

/* The error recorded for field, or NULL. */
static const char *
err_of(const struct in *in, const char *field)
{
	json_object	*v;

	if (in->root->errors == NULL ||
	    !json_object_object_get_ex(in->root->errors, field, &v))
		return NULL;
	return json_object_get_string(v);
}

static size_t
nerrors(const struct in *in)
{
	return in->root->errors == NULL ? 0 :
	    (size_t)json_object_object_length(in->root->errors);
}

/* Checks that field has exactly the error want (NULL: no error at all). */
static void
check_err(int line, const struct in *in, const char *field, const char *want)
{
	const char	*got = err_of(in, field);

	if (want == NULL) {
		check_at(line, nerrors(in) == 0 && in_ok(in),
		    "unexpected errors: %s", in->root->errors ?
		    json_object_to_json_string(in->root->errors) : "");
		return;
	}
	check_at(line, got != NULL && strcmp(got, want) == 0,
	    "error for %s: \"%s\", want \"%s\" (all: %s)", field, str_or_null(got),
	    want, in->root->errors ?
	    json_object_to_json_string(in->root->errors) : "none");
	check_at(line, nerrors(in) == 1 && !in_ok(in), "%zu errors, want 1",
	    nerrors(in));
}

#define REQ	IN_REQUIRED
#define NUL	IN_NULLABLE
#define EMP	IN_EMPTY_OK

static void
test_str(void)
{
	static const struct {
		int		 line;
		const char	*json;
		unsigned	 flags;
		size_t		 maxlen;
		const char	*want;	/* value of "f", or NULL */
		const char	*err;	/* error of "f", or NULL */
	} t[] = {
		{ __LINE__, "{\"f\":\"Ann\"}", 0, 10, "Ann", NULL },
		{ __LINE__, "{\"f\":\"Ann\"}", REQ, 3, "Ann", NULL },
		{ __LINE__, "{\"f\":\"tab\\there\\nnew\"}", 0, 20, "tab\there\nnew", NULL },
		/* Absent. */
		{ __LINE__, "{}", 0, 10, NULL, NULL },
		{ __LINE__, "{\"g\":\"x\"}", 0, 10, NULL, NULL },
		{ __LINE__, "{}", REQ, 10, NULL, "Field is required" },
		{ __LINE__, "{\"F\":\"x\"}", REQ, 10, NULL, "Field is required" },
		/* Null. */
		{ __LINE__, "{\"f\":null}", 0, 10, NULL, "Field must not be null" },
		{ __LINE__, "{\"f\":null}", NUL, 10, NULL, NULL },
		{ __LINE__, "{\"f\":null}", REQ, 10, NULL, "Field is required" },
		{ __LINE__, "{\"f\":null}", REQ | NUL, 10, NULL, "Field is required" },
		/* Types. */
		{ __LINE__, "{\"f\":5}", 0, 10, NULL, "Field must be a string" },
		{ __LINE__, "{\"f\":1.5}", 0, 10, NULL, "Field must be a string" },
		{ __LINE__, "{\"f\":true}", 0, 10, NULL, "Field must be a string" },
		{ __LINE__, "{\"f\":[\"a\"]}", 0, 10, NULL, "Field must be a string" },
		{ __LINE__, "{\"f\":{\"a\":\"b\"}}", 0, 10, NULL, "Field must be a string" },
		{ __LINE__, "{\"f\":5}", NUL, 10, NULL, "Field must be a string" },
		/* The empty string. */
		{ __LINE__, "{\"f\":\"\"}", 0, 10, NULL, "Field must not be empty" },
		{ __LINE__, "{\"f\":\"\"}", REQ, 10, NULL, "Field is required" },
		{ __LINE__, "{\"f\":\"\"}", EMP, 10, "", NULL },
		{ __LINE__, "{\"f\":\"\"}", EMP | REQ, 10, "", NULL },
		{ __LINE__, "{\"f\":\"\"}", NUL, 10, NULL, "Field must not be empty" },
		/* maxlen counts characters, not bytes. */
		{ __LINE__, "{\"f\":\"abc\"}", 0, 3, "abc", NULL },
		{ __LINE__, "{\"f\":\"abcd\"}", 0, 3, NULL,
		    "Field must be at most 3 characters" },
		{ __LINE__, "{\"f\":\"\xc3\xa9t\xc3\xa9\"}", 0, 3, "\xc3\xa9t\xc3\xa9", NULL },
		{ __LINE__, "{\"f\":\"\\u00e9\\u00e8\\u00ea\"}", 0, 3,
		    "\xc3\xa9\xc3\xa8\xc3\xaa", NULL },		/* 3 characters, 6 bytes */
		{ __LINE__, "{\"f\":\"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\"}", 0, 3,
		    "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", NULL },	/* 9 bytes */
		{ __LINE__, "{\"f\":\"\xf0\x9f\x98\x80\xf0\x9f\x98\x80\"}", 0, 2,
		    "\xf0\x9f\x98\x80\xf0\x9f\x98\x80", NULL },	/* 8 bytes */
		{ __LINE__, "{\"f\":\"\\u00e9\\u00e8\\u00ea\\u00eb\"}", 0, 3, NULL,
		    "Field must be at most 3 characters" },
		{ __LINE__, "{\"f\":\"x\"}", 0, 0, NULL,
		    "Field must be at most 0 characters" },
		/* Characters that are not text. */
		{ __LINE__, "{\"f\":\"a\\u0000b\"}", 0, 10, NULL,
		    "Field contains invalid characters" },
		{ __LINE__, "{\"f\":\"\\u0000\"}", EMP, 10, NULL,
		    "Field contains invalid characters" },
		{ __LINE__, "{\"f\":\"a\\u0001b\"}", 0, 10, NULL,
		    "Field contains invalid characters" },
		{ __LINE__, "{\"f\":\"a\\u001bb\"}", 0, 10, NULL,
		    "Field contains invalid characters" },
		{ __LINE__, "{\"f\":\"a\\u007fb\"}", 0, 10, NULL,
		    "Field contains invalid characters" },
		{ __LINE__, "{\"f\":\"a\xc0\xafz\"}", 0, 10, NULL,
		    "Field contains invalid characters" },
	};
	struct in	 in;
	json_object	*o;
	const char	*s;
	size_t		 i;

	for (i = 0; i < NELEM(t); i++) {
		if ((o = body(t[i].line, t[i].json)) == NULL)
			continue;
		in_init(&in, o);
		s = in_str(&in, "f", t[i].flags, t[i].maxlen);
		check_at(t[i].line, (s == NULL && t[i].want == NULL) ||
		    (s != NULL && t[i].want != NULL && strcmp(s, t[i].want) == 0),
		    "in_str(%s) = \"%s\", want \"%s\"", t[i].json, str_or_null(s),
		    str_or_null(t[i].want));
		check_err(t[i].line, &in, "f", t[i].err);
		in_free(&in);
		check_at(t[i].line, in.errors == NULL, "in_free left errors");
		json_object_put(o);
	}
}

static void
test_enum(void)
{
	static const char *const themes[] = { "light", "dark", "system", NULL };
	static const struct {
		int		 line;
		const char	*json;
		unsigned	 flags;
		int		 want;	/* index into themes, or -1 */
		const char	*err;
	} t[] = {
		{ __LINE__, "{\"f\":\"light\"}", 0, 0, NULL },
		{ __LINE__, "{\"f\":\"dark\"}", REQ, 1, NULL },
		{ __LINE__, "{\"f\":\"system\"}", 0, 2, NULL },
		{ __LINE__, "{\"f\":\"blue\"}", 0, -1,
		    "Must be one of: light, dark, system" },
		{ __LINE__, "{\"f\":\"Dark\"}", 0, -1,
		    "Must be one of: light, dark, system" },
		{ __LINE__, "{\"f\":\"dark \"}", 0, -1,
		    "Must be one of: light, dark, system" },
		{ __LINE__, "{\"f\":\"dar\"}", 0, -1,
		    "Must be one of: light, dark, system" },
		{ __LINE__, "{}", 0, -1, NULL },
		{ __LINE__, "{}", REQ, -1, "Field is required" },
		{ __LINE__, "{\"f\":null}", NUL, -1, NULL },
		{ __LINE__, "{\"f\":null}", 0, -1, "Field must not be null" },
		{ __LINE__, "{\"f\":1}", 0, -1, "Field must be a string" },
		{ __LINE__, "{\"f\":\"\"}", 0, -1, "Field must not be empty" },
	};
	struct in	 in;
	json_object	*o;
	const char	*s;
	size_t		 i;

	for (i = 0; i < NELEM(t); i++) {
		if ((o = body(t[i].line, t[i].json)) == NULL)
			continue;
		in_init(&in, o);
		s = in_enum(&in, "f", t[i].flags, themes);
		check_at(t[i].line, t[i].want < 0 ? s == NULL : s == themes[t[i].want],
		    "in_enum(%s) = \"%s\"", t[i].json, str_or_null(s));
		check_err(t[i].line, &in, "f", t[i].err);
		in_free(&in);
		json_object_put(o);
	}
}

/* A long list of allowed values is cut, never overflowing the message. */
static void
test_enum_long(void)
{
	static const char *const many[] = {
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
		"ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc",
		"ddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd",
		"eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee",
		NULL
	};
	struct in	 in;
	json_object	*o;
	const char	*e;

	o = json_tokener_parse("{\"f\":\"zzz\"}");
	CU_ASSERT_PTR_NOT_NULL_FATAL(o);
	in_init(&in, o);
	CU_ASSERT_PTR_NULL(in_enum(&in, "f", 0, many));
	e = err_of(&in, "f");
	CU_ASSERT_PTR_NOT_NULL(e);
	if (e != NULL) {
		CU_ASSERT(strncmp(e, "Must be one of: aaa", 19) == 0);
		CU_ASSERT(strlen(e) < 256);
	}
	in_free(&in);
	json_object_put(o);
}

static void
test_bool(void)
{
	static const struct {
		int		 line;
		const char	*json;
		unsigned	 flags;
		int		 want;
		const char	*err;
	} t[] = {
		{ __LINE__, "{\"f\":true}", 0, 1, NULL },
		{ __LINE__, "{\"f\":false}", 0, 0, NULL },
		{ __LINE__, "{\"f\":false}", REQ, 0, NULL },
		{ __LINE__, "{}", 0, -1, NULL },
		{ __LINE__, "{}", REQ, -1, "Field is required" },
		{ __LINE__, "{\"f\":null}", 0, -1, "Field must not be null" },
		{ __LINE__, "{\"f\":null}", NUL, -1, NULL },
		{ __LINE__, "{\"f\":\"true\"}", 0, -1, "Field must be true or false" },
		{ __LINE__, "{\"f\":1}", 0, -1, "Field must be true or false" },
		{ __LINE__, "{\"f\":0}", 0, -1, "Field must be true or false" },
		{ __LINE__, "{\"f\":[]}", 0, -1, "Field must be true or false" },
	};
	struct in	 in;
	json_object	*o;
	size_t		 i;
	int		 b;

	for (i = 0; i < NELEM(t); i++) {
		if ((o = body(t[i].line, t[i].json)) == NULL)
			continue;
		in_init(&in, o);
		b = in_bool(&in, "f", t[i].flags);
		check_at(t[i].line, b == t[i].want, "in_bool(%s) = %d, want %d",
		    t[i].json, b, t[i].want);
		check_err(t[i].line, &in, "f", t[i].err);
		in_free(&in);
		json_object_put(o);
	}
}

static void
test_int(void)
{
	static const struct {
		int		 line;
		const char	*json;
		unsigned	 flags;
		long		 min, max;
		bool		 ok;
		long		 want;
		const char	*err;
	} t[] = {
		{ __LINE__, "{\"f\":5}", 0, 1, 10, true, 5, NULL },
		{ __LINE__, "{\"f\":1}", 0, 1, 10, true, 1, NULL },
		{ __LINE__, "{\"f\":10}", REQ, 1, 10, true, 10, NULL },
		{ __LINE__, "{\"f\":-3}", 0, -5, 5, true, -3, NULL },
		{ __LINE__, "{\"f\":0}", 0, 1, 10, false, 0, "Field must be from 1 to 10" },
		{ __LINE__, "{\"f\":11}", 0, 1, 10, false, 0, "Field must be from 1 to 10" },
		{ __LINE__, "{\"f\":-1}", 0, 0, 100, false, 0, "Field must be from 0 to 100" },
		{ __LINE__, "{\"f\":99999999999999999999}", 0, 1, 10, false, 0,
		    "Field must be from 1 to 10" },
		{ __LINE__, "{\"f\":-99999999999999999999}", 0, 1, 10, false, 0,
		    "Field must be from 1 to 10" },
		{ __LINE__, "{\"f\":4294967297}", 0, 1, 10, false, 0,
		    "Field must be from 1 to 10" },
		{ __LINE__, "{\"f\":1.5}", 0, 1, 10, false, 0, "Field must be an integer" },
		{ __LINE__, "{\"f\":2.0}", 0, 1, 10, false, 0, "Field must be an integer" },
		{ __LINE__, "{\"f\":1e2}", 0, 1, 1000, false, 0, "Field must be an integer" },
		{ __LINE__, "{\"f\":\"5\"}", 0, 1, 10, false, 0, "Field must be an integer" },
		{ __LINE__, "{\"f\":true}", 0, 1, 10, false, 0, "Field must be an integer" },
		{ __LINE__, "{}", 0, 1, 10, false, 0, NULL },
		{ __LINE__, "{}", REQ, 1, 10, false, 0, "Field is required" },
		{ __LINE__, "{\"f\":null}", 0, 1, 10, false, 0, "Field must not be null" },
		{ __LINE__, "{\"f\":null}", NUL, 1, 10, false, 0, NULL },
	};
	struct in	 in;
	json_object	*o;
	size_t		 i;
	long		 v;
	bool		 ok;

	for (i = 0; i < NELEM(t); i++) {
		if ((o = body(t[i].line, t[i].json)) == NULL)
			continue;
		in_init(&in, o);
		v = -424242;
		ok = in_int(&in, "f", t[i].flags, t[i].min, t[i].max, &v);
		check_at(t[i].line, ok == t[i].ok, "in_int(%s) = %d", t[i].json, ok);
		if (ok && t[i].ok)
			check_at(t[i].line, v == t[i].want, "in_int(%s): %ld, want %ld",
			    t[i].json, v, t[i].want);
		if (!ok)
			check_at(t[i].line, v == -424242, "in_int(%s) failed but "
			    "wrote %ld", t[i].json, v);
		check_err(t[i].line, &in, "f", t[i].err);
		in_free(&in);
		json_object_put(o);
	}
}

static void
test_array(void)
{
	static const struct {
		int		 line;
		const char	*json;
		unsigned	 flags;
		size_t		 maxlen;
		int		 len;	/* -1: NULL */
		const char	*err;
	} t[] = {
		{ __LINE__, "{\"f\":[1,2]}", 0, 3, 2, NULL },
		{ __LINE__, "{\"f\":[]}", 0, 3, 0, NULL },
		{ __LINE__, "{\"f\":[1,2,3]}", REQ, 3, 3, NULL },
		{ __LINE__, "{\"f\":[1,2,3,4]}", 0, 3, -1,
		    "Field must hold at most 3 items" },
		{ __LINE__, "{\"f\":{}}", 0, 3, -1, "Field must be an array" },
		{ __LINE__, "{\"f\":\"[]\"}", 0, 3, -1, "Field must be an array" },
		{ __LINE__, "{}", 0, 3, -1, NULL },
		{ __LINE__, "{}", REQ, 3, -1, "Field is required" },
		{ __LINE__, "{\"f\":null}", 0, 3, -1, "Field must not be null" },
		{ __LINE__, "{\"f\":null}", NUL, 3, -1, NULL },
	};
	struct in	 in;
	json_object	*o, *a;
	size_t		 i;

	for (i = 0; i < NELEM(t); i++) {
		if ((o = body(t[i].line, t[i].json)) == NULL)
			continue;
		in_init(&in, o);
		a = in_array(&in, "f", t[i].flags, t[i].maxlen);
		check_at(t[i].line, t[i].len < 0 ? a == NULL : (a != NULL &&
		    json_object_array_length(a) == (size_t)t[i].len),
		    "in_array(%s) = %p", t[i].json, (void *)a);
		check_err(t[i].line, &in, "f", t[i].err);
		in_free(&in);
		json_object_put(o);
	}
}

/* Nested objects name their errors "settings.theme". */
static void
test_sub(void)
{
	static const char *const themes[] = { "light", "dark", NULL };
	static const char *const top[] = { "name", "settings", NULL };
	static const char *const inner[] = { "theme", "notifications", NULL };
	struct in	 in, sub, sub2;
	json_object	*o;
	long		 v;

	o = json_tokener_parse("{\"name\":\"x\",\"settings\":{\"theme\":\"blue\","
	    "\"extra\":1,\"notifications\":{\"email\":\"yes\"}},\"admin\":true}");
	CU_ASSERT_PTR_NOT_NULL_FATAL(o);
	in_init(&in, o);
	CU_ASSERT_TRUE(in_ok(&in));
	CU_ASSERT_PTR_NOT_NULL(in_str(&in, "name", IN_REQUIRED, 10));
	CU_ASSERT_TRUE_FATAL(in_sub(&in, "settings", &sub));
	CU_ASSERT_STRING_EQUAL(sub.prefix, "settings.");
	CU_ASSERT_PTR_EQUAL(sub.root, &in);
	CU_ASSERT_PTR_NULL(in_enum(&sub, "theme", 0, themes));
	in_only(&sub, inner, "Unknown field");
	CU_ASSERT_TRUE_FATAL(in_sub(&sub, "notifications", &sub2));
	CU_ASSERT_STRING_EQUAL(sub2.prefix, "settings.notifications.");
	CU_ASSERT_EQUAL(in_bool(&sub2, "email", 0), -1);
	CU_ASSERT_EQUAL(in_bool(&sub2, "sms", 0), -1);	/* absent: no error */
	in_only(&in, top, "Unknown field");
	CU_ASSERT_FALSE(in_ok(&in));
	CU_ASSERT_FALSE(in_ok(&sub));
	CU_ASSERT_FALSE(in_ok(&sub2));
	CU_ASSERT_STRING_EQUAL(str_or_null(err_of(&in, "settings.theme")),
	    "Must be one of: light, dark");
	CU_ASSERT_STRING_EQUAL(str_or_null(err_of(&in, "settings.extra")),
	    "Unknown field");
	CU_ASSERT_STRING_EQUAL(str_or_null(err_of(&in,
	    "settings.notifications.email")), "Field must be true or false");
	CU_ASSERT_STRING_EQUAL(str_or_null(err_of(&in, "admin")), "Unknown field");
	CU_ASSERT_PTR_NULL(err_of(&in, "theme"));
	CU_ASSERT_PTR_NULL(err_of(&in, "extra"));
	CU_ASSERT_PTR_NULL(err_of(&in, "name"));
	CU_ASSERT_EQUAL(nerrors(&in), 4);
	/* Only the root frees. */
	in_free(&sub2);
	in_free(&sub);
	CU_ASSERT_PTR_NOT_NULL(in.errors);
	in_free(&in);
	CU_ASSERT_PTR_NULL(in.errors);
	in_free(NULL);
	json_object_put(o);

	/* Not an object, null, absent. */
	o = json_tokener_parse("{\"a\":5,\"b\":null,\"c\":[],\"d\":{}}");
	CU_ASSERT_PTR_NOT_NULL_FATAL(o);
	in_init(&in, o);
	CU_ASSERT_FALSE(in_sub(&in, "a", &sub));
	CU_ASSERT_FALSE(in_sub(&in, "b", &sub));
	CU_ASSERT_FALSE(in_sub(&in, "c", &sub));
	CU_ASSERT_FALSE(in_sub(&in, "missing", &sub));
	CU_ASSERT_PTR_NULL(sub.obj);
	/* A reader of nothing: every getter answers absent. */
	CU_ASSERT_PTR_NULL(in_str(&sub, "x", 0, 10));
	CU_ASSERT_FALSE(in_int(&sub, "x", 0, 0, 10, &v));
	CU_ASSERT_STRING_EQUAL(str_or_null(err_of(&in, "a")), "Field must be an object");
	CU_ASSERT_STRING_EQUAL(str_or_null(err_of(&in, "b")), "Field must not be null");
	CU_ASSERT_STRING_EQUAL(str_or_null(err_of(&in, "c")), "Field must be an object");
	CU_ASSERT_PTR_NULL(err_of(&in, "missing"));
	CU_ASSERT_EQUAL(nerrors(&in), 3);
	in_free(&in);

	in_init(&in, o);
	CU_ASSERT_TRUE(in_sub(&in, "d", &sub));
	CU_ASSERT_PTR_NULL(in_str(&sub, "x", IN_REQUIRED, 10));
	CU_ASSERT_STRING_EQUAL(str_or_null(err_of(&in, "d.x")), "Field is required");
	in_free(&in);
	json_object_put(o);
}

/* A prefix that does not fit is refused rather than cut. */
static void
test_sub_deep(void)
{
	char		 json[256], key[80];
	struct in	 in, sub;
	json_object	*o;

	memset(key, 'k', sizeof(key) - 1);
	key[sizeof(key) - 1] = '\0';
	snprintf(json, sizeof(json), "{\"%s\":{\"x\":1}}", key);
	o = json_tokener_parse(json);
	CU_ASSERT_PTR_NOT_NULL_FATAL(o);
	in_init(&in, o);
	CU_ASSERT_FALSE(in_sub(&in, key, &sub));
	CU_ASSERT_PTR_NULL(sub.obj);
	in_free(&in);
	json_object_put(o);
}

static void
test_only(void)
{
	static const char *const allowed[] = { "email", "password", NULL };
	static const char *const none[] = { NULL };
	struct in	 in;
	json_object	*o;

	o = json_tokener_parse("{\"email\":\"a@b.co\",\"password\":\"x\","
	    "\"role\":\"admin\",\"isAdmin\":true}");
	CU_ASSERT_PTR_NOT_NULL_FATAL(o);
	in_init(&in, o);
	in_only(&in, allowed, "Unknown field");
	CU_ASSERT_EQUAL(nerrors(&in), 2);
	CU_ASSERT_STRING_EQUAL(str_or_null(err_of(&in, "role")), "Unknown field");
	CU_ASSERT_STRING_EQUAL(str_or_null(err_of(&in, "isAdmin")), "Unknown field");
	CU_ASSERT_PTR_NULL(err_of(&in, "email"));
	in_free(&in);

	in_init(&in, o);
	in_only(&in, none, "Not allowed");
	CU_ASSERT_EQUAL(nerrors(&in), 4);
	in_free(&in);
	json_object_put(o);

	/* Nothing to read, nothing to complain about. */
	in_init(&in, NULL);
	in_only(&in, none, "Not allowed");
	CU_ASSERT_TRUE(in_ok(&in));
	CU_ASSERT_FALSE(in_has(&in, "x"));
	CU_ASSERT_PTR_NULL(in_str(&in, "x", IN_REQUIRED, 10));
	CU_ASSERT_STRING_EQUAL(str_or_null(err_of(&in, "x")), "Field is required");
	in_free(&in);
}

/* The first error recorded for a field is the one reported. */
static void
test_first_error_wins(void)
{
	struct in	 in;
	json_object	*o;
	long		 v;

	o = json_tokener_parse("{\"age\":\"x\",\"name\":5}");
	CU_ASSERT_PTR_NOT_NULL_FATAL(o);
	in_init(&in, o);
	CU_ASSERT_FALSE(in_int(&in, "age", IN_REQUIRED, 0, 150, &v));
	CU_ASSERT_PTR_NULL(in_str(&in, "age", 0, 0));	/* too long: ignored */
	in_error(&in, "age", "Third");
	CU_ASSERT_PTR_NULL(in_str(&in, "name", 0, 10));
	in_error(&in, "name", "Later");
	in_error(&in, "other", "First");
	in_error(&in, "other", "Second");
	CU_ASSERT_EQUAL(nerrors(&in), 3);
	CU_ASSERT_STRING_EQUAL(str_or_null(err_of(&in, "age")),
	    "Field must be an integer");
	CU_ASSERT_STRING_EQUAL(str_or_null(err_of(&in, "name")),
	    "Field must be a string");
	CU_ASSERT_STRING_EQUAL(str_or_null(err_of(&in, "other")), "First");
	/* The details in_fail would send. */
	CU_ASSERT_STRING_EQUAL(json_object_to_json_string_ext(in.errors,
	    JSON_C_TO_STRING_PLAIN), "{\"age\":\"Field must be an integer\","
	    "\"name\":\"Field must be a string\",\"other\":\"First\"}");
	in_free(&in);
	json_object_put(o);
}

static void
test_has(void)
{
	struct in	 in;
	json_object	*o;

	o = json_tokener_parse("{\"a\":1,\"b\":null}");
	CU_ASSERT_PTR_NOT_NULL_FATAL(o);
	in_init(&in, o);
	CU_ASSERT_TRUE(in_has(&in, "a"));
	CU_ASSERT_TRUE(in_has(&in, "b"));	/* even as null */
	CU_ASSERT_FALSE(in_has(&in, "c"));
	CU_ASSERT_FALSE(in_has(&in, "A"));
	CU_ASSERT_TRUE(in_ok(&in));
	CU_ASSERT_PTR_NULL(in.errors);
	in_free(&in);
	json_object_put(o);
}

void
suite_input(void)
{
	static const struct {
		const char	*name;
		CU_TestFunc	 fn;
	} tests[] = {
		{ "in_str", test_str },
		{ "in_enum", test_enum },
		{ "in_enum long list", test_enum_long },
		{ "in_bool", test_bool },
		{ "in_int", test_int },
		{ "in_array", test_array },
		{ "in_sub", test_sub },
		{ "in_sub prefix too long", test_sub_deep },
		{ "in_only", test_only },
		{ "first error wins", test_first_error_wins },
		{ "in_has", test_has },
	};
	CU_pSuite	s;
	size_t		i;

	if ((s = CU_add_suite("input", NULL, NULL)) == NULL)
		return;
	for (i = 0; i < NELEM(tests); i++)
		if (CU_add_test(s, tests[i].name, tests[i].fn) == NULL)
			return;
}
