/*
 * json.c: fuzzes req_json_parse, the strict parser of request bodies,
 * and the typed field getters of input.h over what it accepts.
 */
#include <stdbool.h>

#include "fuzz.h"
#include "input.h"
#include "request.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const roles[] = { "admin", "consultant", NULL };
	static const char *const allowed[] = {
		"email", "password", "firstName", "role", "isActive", "settings",
		"answers", "page", NULL,
	};
	json_object	*o, *arr;
	struct in	 in, sub;
	const char	*s;
	long		 n;
	char		*body = fuzz_str(data, size);

	if ((o = req_json_parse(body, size)) == NULL) {
		free(body);
		return 0;
	}
	FUZZ_ASSERT(json_object_is_type(o, json_type_object));
	in_init(&in, o);
	if ((s = in_str(&in, "email", IN_REQUIRED, 254)) != NULL)
		FUZZ_ASSERT(strlen(s) <= 254 * 4);
	(void)in_str(&in, "password", IN_REQUIRED, 128);
	(void)in_str(&in, "firstName", IN_NULLABLE | IN_EMPTY_OK, 100);
	(void)in_enum(&in, "role", 0, roles);
	(void)in_bool(&in, "isActive", 0);
	if (in_int(&in, "page", 0, 1, 1000, &n))
		FUZZ_ASSERT(n >= 1 && n <= 1000);
	if ((arr = in_array(&in, "answers", 0, 100)) != NULL)
		FUZZ_ASSERT(json_object_array_length(arr) <= 100);
	(void)in_has(&in, "settings");
	if (in_sub(&in, "settings", &sub)) {
		(void)in_enum(&sub, "theme", IN_REQUIRED, roles);
		(void)in_str(&sub, "timezone", 0, 64);
		in_only(&sub, allowed, "Unknown field");
		in_free(&sub);
	}
	in_only(&in, allowed, "Unknown field");
	(void)in_ok(&in);
	in_free(&in);
	json_object_put(o);
	free(body);
	return 0;
}
