/* cookie.c: fuzzes req_cookie over a Cookie header. */
#include <stdbool.h>

#include "fuzz.h"
#include "request.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = {
		"__Host-rise_session", "__Host-rise_csrf", "a", "rise",
	};
	static const size_t sizes[] = { 1, 2, 16, 64, 4096 };
	struct req	 r;
	char		 out[4096];
	size_t		 i, j;

	memset(&r, 0, sizeof(r));
	r.cookie = fuzz_str(data, size);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		for (j = 0; j < sizeof(sizes) / sizeof(sizes[0]); j++) {
			memset(out, 'x', sizeof(out));
			if (req_cookie(&r, names[i], out, sizes[j]))
				FUZZ_ASSERT(strlen(out) < sizes[j] &&
				    strchr(out, ';') == NULL);
		}
	free((char *)r.cookie);
	return 0;
}
