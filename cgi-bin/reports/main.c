/*
 * reports: PDF reports of completed assessments.  The FastCGI program
 * queues them; bin/rise-worker renders them (lib/report.c).
 */
#include "serve.h"

#include "extern.h"

static const struct route routes[] = {
	{ REQ_POST, "/v1/reports/:assessmentId/generate", rpt_generate,
	    ROUTE_AUTH | ROUTE_JSON, RL_REPORT },
	{ REQ_GET, "/v1/reports/:reportId", rpt_get, ROUTE_AUTH | ROUTE_READ, RL_DEFAULT },
	/* A signed link works without a bearer token (rpt_download). */
	{ REQ_GET, "/v1/reports/:reportId/download", rpt_download,
	    ROUTE_AUTH_OPT, RL_DEFAULT },
};

int
main(void)
{
	return serve_main("reports", RESP_ENV_FRISE, routes, NELEM(routes));
}
