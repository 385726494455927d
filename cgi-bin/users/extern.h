/* extern.h: the handlers of the users family (/v1/users/...). */
#ifndef USERS_EXTERN_H
#define USERS_EXTERN_H

#include "request.h"

int	users_me_get(struct req *);
int	users_me_patch(struct req *);
int	users_me_password(struct req *);

#endif
