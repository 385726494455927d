/*
 * fcgi.c: fuzzes req_parse over FastCGI parameters: the input's lines
 * are the "NAME=value" strings of envp.
 */
#include <stdbool.h>

#include "fuzz.h"
#include "request.h"

#define MAXENV	64

static int
trusted(const void *arg, const char *addr)
{
	(void)arg;
	return strcmp(addr, "127.0.0.1") == 0 || strcmp(addr, "10.0.0.1") == 0 ||
	    strcmp(addr, "::1") == 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char		*s = fuzz_str(data, size), *p, *nl, *envp[MAXENV + 1];
	size_t		 n = 0, i;
	struct req	 r;
	enum app_err	 rc;

	for (p = s; n < MAXENV && p < s + size; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(s + size - p))) == NULL)
			nl = s + size;
		*nl = '\0';
		if ((envp[n] = strdup(p)) == NULL)	/* each its own, for ASan */
			abort();
		n++;
	}
	envp[n] = NULL;
	memset(&r, 0, sizeof(r));
	rc = req_parse(&r, envp, trusted, NULL);
	if (rc == APP_OK) {
		FUZZ_ASSERT(r.path != NULL && r.path[0] == '/');
		FUZZ_ASSERT(strchr(r.path, '?') == NULL);
		FUZZ_ASSERT(r.rid[0] == '\0' || req_rid_valid(r.rid));
		FUZZ_ASSERT(strlen(r.client_ip) < sizeof(r.client_ip));
		FUZZ_ASSERT(r.content_length >= -1);
		FUZZ_ASSERT(r.method_name != NULL);
		(void)req_query(&r, "page");
	}
	req_free(&r);
	for (i = 0; i < n; i++)
		free(envp[i]);
	free(s);
	return 0;
}
