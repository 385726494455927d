/*
 * stmt.h: every SQL statement the programs run, by name.
 *
 * The text lives in stmt.c with $1…$n placeholders; nothing is ever
 * formatted into SQL.  A variable ORDER BY is a separate statement per
 * whitelisted column and direction.
 */
#ifndef RISE_STMT_H
#define RISE_STMT_H

enum stmt {
	/* request plumbing */
	STMT_SET_TENANT,
	STMT_HEALTH,
	STMT_RL_HIT,
	/* organizations and users */
	STMT_ORG_INSERT,
	STMT_USER_INSERT,
	STMT_USER_GET,
	STMT_USER_GET_FOR_UPDATE,
	STMT_USER_UPDATE_PROFILE,
	STMT_USER_PASSWORD_HASH,
	STMT_USER_SET_PASSWORD,
	STMT_USER_BY_EMAIL,
	STMT_USER_SET_STATUS,
	STMT_USER_LIST,
	STMT_ADMIN_EXISTS,
	/* login, sessions and refresh tokens */
	STMT_LOGIN_LOOKUP,
	STMT_LOGIN_FAILED,
	STMT_LOGIN_OK,
	STMT_SESSION_INSERT,
	STMT_SESSION_CHECK,
	STMT_SESSION_LIVE,
	STMT_SESSION_REVOKE,
	STMT_SESSION_REVOKE_USER,
	STMT_REFRESH_INSERT,
	STMT_REFRESH_LOOKUP,
	STMT_REFRESH_USE,
	/* questions, assessments and responses */
	STMT_BANK_QUESTIONS,
	STMT_BANK_OPTIONS,
	STMT_LINK_LOOKUP,
	STMT_ASM_INSERT,
	STMT_ASM_GET,
	STMT_ASM_GET_FOR_UPDATE,
	STMT_ASM_LIST,
	STMT_ASM_UPDATE,
	STMT_ASM_PROGRESS,
	STMT_ASM_COMPLETE,
	STMT_ASM_DELETE,
	STMT_RESP_UPSERT,
	STMT_RESP_LIST,
	/* migrations */
	STMT_MIGRATE_LOCK,
	STMT_MIGRATIONS_TABLE,
	STMT_MIGRATION_DONE,
	STMT_MIGRATION_RECORD,
	STMT__MAX
};

struct stmt_def {
	const char	*sql;
	int		 nparams;
};

extern const struct stmt_def stmts[STMT__MAX];

#endif
