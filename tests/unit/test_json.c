/*
 * test_json.c: CUnit suite for req_json_parse (lib/request.c), the
 * strict parser of JSON request bodies: one object, a depth limit, valid
 * UTF-8, no NUL, no trailing data, no repeated key in any object and no
 * NUL in a key.
 *
 * A table of body -> accepted or not; a failure names the row's line.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "request.h"

void	suite_json(void);

/* Records one assertion at a table row's line; CUnit copies the message. */
static void
check_at(int line, bool ok, const char *msg)
{
	CU_assertImplementation(ok ? CU_TRUE : CU_FALSE, (unsigned int)line,
	    ok ? "ok" : msg, __FILE__, "", CU_FALSE);
}

static void
test_json_table(void)
{
	static const struct {
		int		 line;
		const char	*body;
		size_t		 len;		/* 0: strlen(body) */
		bool		 ok;
	} t[] = {
		{ __LINE__, "{}", 0, true },
		{ __LINE__, " {\"a\":1} \r\n\t", 0, true },
		{ __LINE__, "{\"role\":\"consultant\"}", 0, true },
		/* The same key in different objects is fine. */
		{ __LINE__, "{\"a\":{\"a\":1},\"b\":{\"a\":2}}", 0, true },
		{ __LINE__, "{\"a\":[{\"b\":1},{\"b\":2}],\"b\":[]}", 0, true },
		/* Braces, colons, quotes and backslashes inside strings. */
		{ __LINE__, "{\"a:\":\"{x:y}\",\"b\\\"\":\"\\\\\",\"c\":\":\"}", 0, true },
		{ __LINE__, "{\"a\\\\\":1,\"a\":2}", 0, true },
		{ __LINE__, "{\"a\":\"\\u00e9\",\"\\u00e9\":1}", 0, true },
		{ __LINE__, "{\"name\":\"caf\xc3\xa9\"}", 0, true },
		{ __LINE__, "{\"n\":-1.5e3,\"s\":\"it's\"}", 0, true },
		/* Sixteen levels deep is the limit. */
		{ __LINE__, "{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":"
		    "{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{}}}}}}}}}}}}}}}}",
		    0, true },
		{ __LINE__, "{\"a\":[[[[[[[[[[[[[[1]]]]]]]]]]]]]]}", 0, true },

		/* Repeated keys, anywhere. */
		{ __LINE__, "{\"role\":\"consultant\",\"role\":\"admin\"}", 0, false },
		{ __LINE__, "{\"a\":1,\"a\":1}", 0, false },
		{ __LINE__, "{\"a\":1,\"\\u0061\":2}", 0, false },
		{ __LINE__, "{\"a\":{\"b\":1,\"b\":2}}", 0, false },
		{ __LINE__, "{\"x\":[{\"a\":1},{\"a\":1,\"b\":{},\"a\":2}]}", 0, false },
		{ __LINE__, "{\"x\":{\"y\":1},\"x\":{\"y\":1}}", 0, false },
		{ __LINE__, "{\"\":1,\"\":2}", 0, false },
		/* A NUL in a key (json-c would cut it short). */
		{ __LINE__, "{\"role\\u0000x\":\"admin\"}", 0, false },
		{ __LINE__, "{\"a\\u0000\":1,\"a\":2}", 0, false },

		/* Not one object. */
		{ __LINE__, "", 0, false },
		{ __LINE__, "[1]", 0, false },
		{ __LINE__, "\"s\"", 0, false },
		{ __LINE__, "1", 0, false },
		{ __LINE__, "null", 0, false },
		{ __LINE__, "{\"a\":1} x", 0, false },
		{ __LINE__, "{\"a\":1}{}", 0, false },
		{ __LINE__, "{\"a\":1,}", 0, false },
		{ __LINE__, "{'a':1}", 0, false },
		{ __LINE__, "{\"a\":NaN}", 0, false },
		{ __LINE__, "{\"a\":[-Infinity]}", 0, false },
		{ __LINE__, "{\"a\":1e999}", 0, false },
		{ __LINE__, "{'a':1,'a':2}", 0, false },
		{ __LINE__, "{\"a\":'x\"',\"b\":\"':\"}", 0, false },
		{ __LINE__, "{\"a\":1 /* c */}", 0, false },
		{ __LINE__, "{\"a\":True}", 0, false },
		{ __LINE__, "{\"a\":1", 0, false },
		{ __LINE__, "{\"a\":1}\0", 8, false },
		{ __LINE__, "{\"a\":\"\0\"}", 9, false },
		{ __LINE__, "{\"a\":\"\xff\"}", 0, false },
		{ __LINE__, "{\"a\":\"\xc0\xaf\"}", 0, false },
		{ __LINE__, "{\"a\":\"\xed\xa0\x80\"}", 0, false },
		{ __LINE__, "{\"\xe0\x80\xaf\":1}", 0, false },
		{ __LINE__, "{\"a\":\"\x01\"}", 0, false },
		{ __LINE__, "{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":"
		    "{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{}}}}}}}}}}}}}}}}}",
		    0, false },
	};
	char		 msg[256];
	json_object	*o;
	size_t		 i, len;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		len = t[i].len ? t[i].len : strlen(t[i].body);
		o = req_json_parse(t[i].body, len);
		snprintf(msg, sizeof(msg), "req_json_parse(%s): %s, want %s",
		    t[i].body, o ? "accepted" : "refused",
		    t[i].ok ? "accepted" : "refused");
		check_at(t[i].line, (o != NULL) == t[i].ok, msg);
		json_object_put(o);
	}
	check_at(__LINE__, req_json_parse(NULL, 0) == NULL, "NULL body");
}

/* The last of a repeated key is never what a handler gets. */
static void
test_json_values(void)
{
	json_object	*o, *v;

	o = req_json_parse("{\"role\":\"consultant\",\"x\":[1,{\"y\":\"z\"}]}", 39);
	CU_ASSERT_PTR_NOT_NULL_FATAL(o);
	CU_ASSERT(json_object_object_get_ex(o, "role", &v) &&
	    strcmp(json_object_get_string(v), "consultant") == 0);
	json_object_put(o);
}

void
suite_json(void)
{
	CU_pSuite	s;

	if ((s = CU_add_suite("json", NULL, NULL)) == NULL ||
	    CU_add_test(s, "req_json_parse", test_json_table) == NULL ||
	    CU_add_test(s, "req_json_parse values", test_json_values) == NULL)
		return;
}
