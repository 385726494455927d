/* assessments: client assessments, their answers and their scores. */
#include "serve.h"

#include "extern.h"

static const struct route routes[] = {
	{ REQ_POST, "/v1/assessments", asm_create, ROUTE_AUTH | ROUTE_JSON, RL_DEFAULT },
	{ REQ_GET, "/v1/assessments", asm_list, ROUTE_AUTH | ROUTE_READ, RL_DEFAULT },
	{ REQ_GET, "/v1/assessments/:id", asm_get, ROUTE_AUTH | ROUTE_READ, RL_DEFAULT },
	{ REQ_PATCH, "/v1/assessments/:id", asm_patch, ROUTE_AUTH | ROUTE_JSON, RL_DEFAULT },
	{ REQ_DELETE, "/v1/assessments/:id", asm_delete, ROUTE_AUTH, RL_DEFAULT },
	/* The client answers through the link token instead of a bearer token. */
	{ REQ_POST, "/v1/assessments/:id/responses", asm_responses_post,
	    ROUTE_AUTH_OPT | ROUTE_JSON, RL_DEFAULT },
	{ REQ_GET, "/v1/assessments/:id/responses", asm_responses_get,
	    ROUTE_AUTH_OPT | ROUTE_READ, RL_DEFAULT },
	/* The client's invitation again: queued in the outbox. */
	{ REQ_POST, "/v1/assessments/:id/invite", asm_invite, ROUTE_AUTH, RL_INVITE },
};

int
main(void)
{
	return serve_main("assessments", RESP_ENV_FRISE, routes, NELEM(routes));
}
