/*
 * app.h: errors as values, shared by every module of lib/.
 *
 * Functions of lib/ return an enum app_err (APP_OK is 0) or a pointer
 * that is NULL on failure; they never exit the process.  The FastCGI loop
 * answers 500 (or 503 for APP_ERR_DB) and goes on with the next request.
 */
#ifndef RISE_APP_H
#define RISE_APP_H

enum app_err {
	APP_OK = 0,
	APP_ERR_NOMEM,		/* out of memory */
	APP_ERR_IO,		/* read, write or file error */
	APP_ERR_CONFIG,		/* bad or missing setting */
	APP_ERR_DB,		/* PostgreSQL unreachable or failed */
	APP_ERR_CRYPTO,		/* random source, hashing or signing failed */
	APP_ERR_INVALID,	/* input does not parse or validate */
	APP_ERR__MAX
};

/* A static, human-readable description of an error; never NULL. */
const char	*app_strerror(enum app_err);

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

#endif
