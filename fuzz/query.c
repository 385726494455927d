/* query.c: fuzzes req_query_parse (query strings and url-encoded forms). */
#include <stdbool.h>

#include "fuzz.h"
#include "request.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct req	 r;
	struct req_kv	*kv = NULL;
	size_t		 n = 99, i;
	char		*s = fuzz_str(data, size);
	enum app_err	 rc;

	rc = req_query_parse(s, &kv, &n);
	if (rc != APP_OK)
		FUZZ_ASSERT(kv == NULL && n == 0);
	else {
		FUZZ_ASSERT(n <= 64 && (n == 0 || kv != NULL));
		for (i = 0; i < n; i++) {
			/* Decoding never grows, and no NUL is decoded. */
			FUZZ_ASSERT(strlen(kv[i].key) + strlen(kv[i].val) <= size);
		}
		memset(&r, 0, sizeof(r));
		r.query = kv;
		r.nquery = n;
		r.form = kv;
		r.nform = n;
		if (n > 0)
			FUZZ_ASSERT(req_query(&r, kv[0].key) == kv[0].val);
		(void)req_form(&r, "csrf");
	}
	req_kv_free(kv, n);
	free(s);
	return 0;
}
