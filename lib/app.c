/* app.c: error descriptions. */
#include "app.h"

static const char *const app_errs[APP_ERR__MAX] = {
	"success",
	"out of memory",
	"input/output error",
	"configuration error",
	"database error",
	"cryptographic failure",
	"invalid input",
};

const char *
app_strerror(enum app_err e)
{
	if ((unsigned)e >= APP_ERR__MAX)
		return "unknown error";
	return app_errs[e];
}
