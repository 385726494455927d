/* extern.h: the handlers of the auth family (POST /v1/auth/...). */
#ifndef AUTH_EXTERN_H
#define AUTH_EXTERN_H

#include "request.h"

int	auth_register(struct req *);
int	auth_login(struct req *);
int	auth_refresh(struct req *);
int	auth_logout(struct req *);

#endif
