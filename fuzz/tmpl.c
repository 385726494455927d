/*
 * tmpl.c: fuzzes the template engine: tmpl_add, tmpl_link and
 * tmpl_render with a fixed context.  The input is a page, then
 * optionally "\n--\n" and a partial (partials/row); the first byte's
 * low bit makes the page a .txt template.
 */
#include <stdbool.h>

#include "fuzz.h"
#include "tmpl.h"

static json_object	*ctx;

static json_object *
context(void)
{
	static const char js[] =
	    "{\"title\":\"<b>Hi</b> & \\\"you\\\"\",\"user\":{\"firstName\":\"Ann\","
	    "\"role\":\"admin\",\"id\":\"usr_0123456789abcdefghij\"},"
	    "\"n\":42,\"x\":1.5,\"yes\":true,\"no\":false,\"none\":null,"
	    "\"empty\":\"\",\"list\":[],\"obj\":{},"
	    "\"items\":[{\"id\":\"a b/c?\",\"name\":\"<i>\",\"status\":\"draft\"},"
	    "{\"id\":\"2\",\"name\":\"two\",\"status\":\"completed\",\"tags\":[1,2,3]},"
	    "\"str\",7,null,[1,[2]]],"
	    "\"filter\":{\"status\":\"draft\"},\"body\":\"<p>raw</p>\"}";

	return json_tokener_parse(js);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tmpl_set	*set;
	const char	*src, *sep, *name;
	char		 err[256], *out = NULL;
	size_t		 len = 0, plen;

	if (size < 1)
		return 0;
	if (ctx == NULL && (ctx = context()) == NULL)
		abort();
	name = data[0] & 1 ? "page.txt" : "page";
	src = (const char *)data + 1;
	size--;
	if ((set = tmpl_new()) == NULL)
		abort();
	sep = memmem(src, size, "\n--\n", 4);
	plen = sep ? (size_t)(sep - src) : size;
	if (tmpl_add(set, name, src, plen, err, sizeof(err)) != APP_OK)
		goto out;
	if (sep != NULL && tmpl_add(set, "partials/row", sep + 4,
	    size - plen - 4, err, sizeof(err)) != APP_OK)
		goto out;
	if (tmpl_link(set, err, sizeof(err)) != APP_OK)
		goto out;
	if (tmpl_render(set, name, ctx, &out, &len) == APP_OK) {
		/* The text may hold NUL bytes of the template's own. */
		FUZZ_ASSERT(out != NULL && out[len] == '\0' && len <= TMPL_OUT_MAX);
		free(out);
	} else
		FUZZ_ASSERT(out == NULL);
	if (tmpl_render(set, name, NULL, &out, &len) == APP_OK)
		free(out);
out:
	tmpl_free(set);
	return 0;
}
