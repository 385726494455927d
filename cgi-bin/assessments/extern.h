/* extern.h: the handlers of the assessments family (/v1/assessments...). */
#ifndef ASSESSMENTS_EXTERN_H
#define ASSESSMENTS_EXTERN_H

#include <libpq-fe.h>

#include "request.h"

int	asm_create(struct req *);
int	asm_list(struct req *);
int	asm_get(struct req *);
int	asm_patch(struct req *);
int	asm_delete(struct req *);
int	asm_responses_post(struct req *);
int	asm_responses_get(struct req *);
int	asm_invite(struct req *);

/*
 * The assessment r->params[0] as the caller may see it (its consultant,
 * or any for an admin or a client link already checked), optionally
 * locked.  Returns the row for the caller to PQclear, or NULL with the
 * response set: 404 if it does not exist for the caller, or the
 * database error.
 */
PGresult	*asm_fetch(struct req *, bool for_update);

#endif
