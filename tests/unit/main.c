/* tests/unit/main.c: runs every CUnit suite of lib/. */
#include <stdio.h>

#include <CUnit/Basic.h>

#include "suites.h"

int
main(void)
{
	unsigned	failed;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 2;
#define SUITE(name) suite_##name();
	UNIT_SUITES
#undef SUITE
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
	CU_cleanup_registry();
	return failed == 0 && CU_get_error() == CUE_SUCCESS ? 0 : 1;
}
