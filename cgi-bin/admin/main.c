/* admin: users and analytics, for admins only (403 for anyone else). */
#include "serve.h"

#include "extern.h"

static const struct route routes[] = {
	{ REQ_GET, "/v1/admin/users", admin_users_list, ROUTE_AUTH | ROUTE_ADMIN, RL_DEFAULT },
	{ REQ_PATCH, "/v1/admin/users/:id", admin_users_patch,
	    ROUTE_AUTH | ROUTE_ADMIN | ROUTE_JSON, RL_DEFAULT },
	{ REQ_GET, "/v1/admin/analytics", admin_analytics, ROUTE_AUTH | ROUTE_ADMIN, RL_DEFAULT },
};

int
main(void)
{
	return serve_main("admin", RESP_ENV_FRISE, routes, NELEM(routes));
}
