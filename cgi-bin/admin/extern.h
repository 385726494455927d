/* extern.h: the handlers of the admin family (/v1/admin/...). */
#ifndef ADMIN_EXTERN_H
#define ADMIN_EXTERN_H

#include "request.h"

int	admin_users_list(struct req *);
int	admin_users_patch(struct req *);
int	admin_analytics(struct req *);

#endif
