/*
 * db.h: PostgreSQL access through libpq.
 *
 * One persistent connection per process.  SQL runs only by name from the
 * statement table (stmt.h), prepared once per connection on first use,
 * with every value bound as a parameter.  When the server went away, the
 * next call outside a transaction (or before its first statement)
 * reconnects and re-prepares.
 */
#ifndef RISE_DB_H
#define RISE_DB_H

#include <stdbool.h>

#include <json-c/json.h>
#include <libpq-fe.h>

#include "app.h"
#include "config.h"
#include "stmt.h"

struct db;

/*
 * Connects as the application role (admin false) or as db.admin_user.
 * On success *out is the caller's, released with db_close.
 */
enum app_err	 db_open(struct db **out, const struct cfg *, bool admin);
void		 db_close(struct db *);

/*
 * Runs statement st with n text parameters (a NULL pointer is SQL NULL;
 * n must match the statement).  Returns the result, which the caller
 * releases with PQclear, or NULL on failure: then db_sqlstate tells why.
 * Use DB_Q(db, STMT_X, a, b) for a literal parameter list.
 */
PGresult	*db_exec(struct db *, enum stmt st, const char *const *params, int n);

#define DB_QARGS(...)	(const char *const[]){ __VA_ARGS__ }
#define DB_Q(db, st, ...) \
	db_exec((db), (st), DB_QARGS(__VA_ARGS__), (int)NELEM(DB_QARGS(__VA_ARGS__)))
#define DB_Q0(db, st)	db_exec((db), (st), NULL, 0)

/*
 * Runs a whole SQL script (migrations only: never text built from input).
 * Returns APP_OK or APP_ERR_DB with the server's message in err.
 */
enum app_err	 db_script(struct db *, const char *sql, char *err, size_t errsz);

/*
 * Listens on a notification channel (a fixed name, never input), again
 * after every reconnect.
 */
enum app_err	 db_listen(struct db *, const char *channel);

/*
 * Waits up to timeout_ms for a notification; returns 1 if one (or more)
 * arrived, 0 on timeout or a signal, -1 if the connection failed (the next
 * call reconnects).
 */
int		 db_wait(struct db *, int timeout_ms);

/*
 * Transactions; db_commit and db_rollback do nothing outside one.  They
 * cost no round trip of their own: BEGIN (and the tenant, below) go out
 * with the transaction's first statement in one libpq pipeline, and a
 * transaction that ran no statement ends without a word to the server.
 * So a failure to start one shows at that first statement.
 */
enum app_err	 db_begin(struct db *);
enum app_err	 db_commit(struct db *);
void		 db_rollback(struct db *);
bool		 db_in_tx(const struct db *);

/*
 * Sets the tenant context (organization, user, role) for the rest of the
 * current transaction; row-level security reads it.  It is sent with the
 * next statement (set_config(..., true): it never outlives the
 * transaction).  Outside a transaction it does nothing.
 */
enum app_err	 db_tenant(struct db *, const char *org, const char *user,
		    const char *role);

/*
 * Instead of db_begin, for a handler that only reads: until db_commit or
 * db_rollback, each statement runs in a transaction of its own, sent in
 * one round trip with the tenant (db_tenant changes it) and
 * transaction_read_only, so that a write fails (SQLSTATE 25006) rather
 * than commit alone.  Under READ COMMITTED each statement of a
 * transaction sees a snapshot of its own anyway, so a reader sees what it
 * would see in one transaction, without BEGIN and COMMIT.
 */
enum app_err	 db_read(struct db *, const char *org, const char *user,
		    const char *role);

/* True if the last failure was the server being unreachable. */
bool		 db_unavailable(const struct db *);

/* SQLSTATE of the last failure ("" if none or not from the server). */
const char	*db_sqlstate(const struct db *);

/* The HTTP status for the last failure: 409, 503 or 500. */
int		 db_http_status(const struct db *);

/* Field helpers: the value (never NULL: "" for SQL NULL) and NULL test. */
const char	*db_get(const PGresult *, int row, int col);
bool		 db_null(const PGresult *, int row, int col);
long long	 db_getll(const PGresult *, int row, int col);
bool		 db_getbool(const PGresult *, int row, int col);

/*
 * A column as a new JSON value for a response, or NULL (JSON null) for
 * SQL NULL: a string, or an epoch column as an ISO 8601 UTC timestamp.
 */
json_object	*db_json_str(const PGresult *, int row, int col);
json_object	*db_json_time(const PGresult *, int row, int col);

#endif
