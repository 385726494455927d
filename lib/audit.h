/*
 * audit.h: the audit log.  Every privileged change records who made it,
 * what it was, the object before and after, and the client address, in
 * the request's transaction (so a rolled-back change leaves no entry).
 */
#ifndef RISE_AUDIT_H
#define RISE_AUDIT_H

#include <json-c/json.h>

#include "request.h"

/*
 * Records action (e.g. "user.update") on target type/id in tenant org.
 * before and after are borrowed and may be NULL.
 */
enum app_err	 audit_record(struct req *, const char *org, const char *action,
		    const char *type, const char *id, json_object *before,
		    json_object *after);

#endif
