/* auth: registration, login, token refresh and logout. */
#include "serve.h"

#include "extern.h"

static const struct route routes[] = {
	{ REQ_POST, "/v1/auth/register", auth_register, ROUTE_JSON, RL_REGISTER },
	{ REQ_POST, "/v1/auth/login", auth_login, ROUTE_JSON, RL_LOGIN },
	{ REQ_POST, "/v1/auth/refresh", auth_refresh, ROUTE_JSON, RL_DEFAULT },
	{ REQ_POST, "/v1/auth/logout", auth_logout, ROUTE_AUTH, RL_DEFAULT },
};

int
main(void)
{
	return serve_main("auth", RESP_ENV_FRISE, routes, NELEM(routes));
}
