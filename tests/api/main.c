/*
 * API integration tests: a CUnit runner against a running server.
 *
 *	RISE_TEST_URL=http://127.0.0.1:18080 \
 *	RISE_TEST_RISECTL="tools/risectl/risectl" ./api-tests [suite [test]]
 *
 * With no argument every suite runs; "auth" runs one suite, "auth
 * test_login_ok" one test.  Exits 0 if every assertion passed, 1 if any
 * failed, 2 if the tests could not run at all (no server, bad usage).
 */
#include <stdio.h>
#include <stdlib.h>

#include <CUnit/Basic.h>
#include <CUnit/CUnit.h>

#include "client.h"

int
main(int argc, char *argv[])
{
	CU_pSuite	 suite = NULL;
	CU_pTest	 test = NULL;
	struct tres	 r = {0};
	int		 rc = 2;

	if (argc > 3) {
		fprintf(stderr, "usage: %s [suite [test]]\n", argv[0]);
		return 2;
	}
	if (t_init() == -1)
		return 2;
	if (CU_initialize_registry() != CUE_SUCCESS) {
		fprintf(stderr, "CUnit: %s\n", CU_get_error_msg());
		goto out;
	}

	suite_health();
	suite_auth();
	suite_users();
	suite_ratelimit();
	suite_assessments();
	suite_responses();
	suite_admin();
	suite_reports();
	suite_mail();
	suite_rls();
	suite_access();
	suite_hostile();
	suite_headers();
	suite_ops();	/* last: risectl purge touches every tenant */

	if (argc > 1 && (suite = CU_get_suite(argv[1])) == NULL) {
		fprintf(stderr, "no suite %s\n", argv[1]);
		goto out;
	}
	if (argc > 2 && (test = CU_get_test(suite, argv[2])) == NULL) {
		fprintf(stderr, "no test %s in suite %s\n", argv[2], argv[1]);
		goto out;
	}

	/* One clear line rather than a failure per test. */
	if (t_req(&r, "GET", "/v1/health", NULL, NULL) == -1 &&
	    r.status == 0) {
		fprintf(stderr, "cannot reach the server at %s: %s\n",
		    t_base_url(), r.err);
		goto out;
	}
	t_free(&r);

	printf("RISE API tests against %s\n", t_base_url());
	CU_basic_set_mode(CU_BRM_VERBOSE);
	if (test != NULL)
		CU_basic_run_test(suite, test);
	else if (suite != NULL)
		CU_basic_run_suite(suite);
	else
		CU_basic_run_tests();
	if (CU_get_error() != CUE_SUCCESS) {
		fprintf(stderr, "CUnit: %s\n", CU_get_error_msg());
		goto out;
	}
	rc = CU_get_number_of_failures() == 0 &&
	    CU_get_number_of_tests_failed() == 0 ? 0 : 1;
out:
	t_free(&r);
	CU_cleanup_registry();
	t_cleanup();
	return rc;
}
