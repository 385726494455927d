/*
 * health: GET /v1/health for load balancers, and the JSON 404 for any
 * other /v1 path the web server sends here (routes no family owns).
 */
#include "db.h"
#include "resp.h"
#include "serve.h"

/*
 * GET /v1/health: 200 {"status":"ok","database":"ok"} when PostgreSQL
 * answers; 503 SERVICE_UNAVAILABLE when it does not.  Not rate-limited:
 * load balancers call it every few seconds from one address.
 */
static int
health_get(struct req *r)
{
	PGresult	*res;
	json_object	*o;

	if ((res = DB_Q0(r->app->db, STMT_HEALTH)) == NULL)
		return resp_error(r, RESP_SERVICE_UNAVAILABLE,
		    "Database unreachable", NULL);
	PQclear(res);
	o = json_object_new_object();
	json_object_object_add(o, "status", json_object_new_string("ok"));
	json_object_object_add(o, "database", json_object_new_string("ok"));
	return resp_ok(r, 200, o);
}

static const struct route routes[] = {
	{ REQ_GET, "/v1/health", health_get, ROUTE_NOTX | ROUTE_NOLIMIT, RL_DEFAULT },
};

int
main(void)
{
	return serve_main("health", RESP_ENV_FRISE, routes, NELEM(routes));
}
