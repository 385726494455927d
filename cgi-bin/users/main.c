/* users: the signed-in user's profile, settings and password. */
#include "serve.h"

#include "extern.h"

static const struct route routes[] = {
	{ REQ_GET, "/v1/users/me", users_me_get, ROUTE_AUTH | ROUTE_READ, RL_DEFAULT },
	{ REQ_PATCH, "/v1/users/me", users_me_patch, ROUTE_AUTH | ROUTE_JSON, RL_DEFAULT },
	{ REQ_PUT, "/v1/users/me/password", users_me_password,
	    ROUTE_AUTH | ROUTE_JSON, RL_PASSWORD },
};

int
main(void)
{
	return serve_main("users", RESP_ENV_FRISE, routes, NELEM(routes));
}
