/*
 * test_rls.c: tenant isolation in PostgreSQL, read from the catalog, so
 * that a new table that forgets it fails here.
 *
 * Every table of schema public with an org_id column (and organizations,
 * the tenants themselves) has row-level security enabled and forced and
 * at least one policy; rise_app, the role the programs connect as, owns
 * no table and is neither superuser nor BYPASSRLS; and rise_app with no
 * tenant set sees no row of any of them, while the owning role does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"

#define APP_ROLE	"rise_app"

/* The tenant-owned tables, as the catalog says. */
#define TENANT_TABLES \
	"SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace " \
	"WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND " \
	"(c.relname = 'organizations' OR EXISTS (SELECT 1 FROM pg_attribute a " \
	"WHERE a.attrelid = c.oid AND a.attname = 'org_id' AND a.attnum > 0 " \
	"AND NOT a.attisdropped))"

/* True if s is a bare identifier that format('%I') left unquoted. */
static int
is_ident(const char *s)
{
	if (*s == '\0' || strlen(s) > 63)
		return 0;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '_'))
			return 0;
	return 1;
}

/*
 * One statement as rise_app, no tenant set (a fresh session, no
 * set_config), its output into out.  Returns psql's exit status.
 */
static int
sql_app(char *out, size_t outsz, const char *q)
{
	char	 cmd[1024], *res = NULL;
	size_t	 n = 0;
	int	 st;

	snprintf(cmd, sizeof(cmd),
	    "psql -h \"$RISE_DB_HOST\" -p \"${RISE_DB_PORT:-5432}\" "
	    "-U " APP_ROLE " -d \"${RISE_DB_NAME:-rise}\" -qAtX "
	    "-v ON_ERROR_STOP=1 -c \"%s\" 2>&1", q);
	st = t_run_cmd(cmd, &res, &n);
	while (res != NULL && n > 0 && res[n - 1] == '\n')
		res[--n] = '\0';
	snprintf(out, outsz, "%s", res != NULL ? res : "");
	free(res);
	return st;
}

/* Some rows in the tenant tables, whatever ran before. */
static void
make_rows(void)
{
	struct tuser	u;
	struct tasm	a;

	if (t_register(&u) == -1)
		return;
	(void)t_asm_new_at(&u, &a, __FILE__, __LINE__,
	    "{\"clientName\":\"Rosa Rls\",\"clientEmail\":\"rosa@example.com\","
	    "\"businessName\":\"Rosa Rows\",\"industry\":\"Retail\","
	    "\"assessmentType\":\"self-administered\"}");
}

/* Every tenant table: RLS enabled and forced, and a policy. */
static void
test_rls_enabled_forced(void)
{
	char	out[8192], n[32];

	if (SQL(n, sizeof(n), "SELECT count(*) FROM (" TENANT_TABLES ") t") == -1)
		return;
	T_CHECKF(NULL, atoi(n) >= 8, "rls: at least 8 tenant tables in the "
	    "catalog (found %s)", n);
	if (SQL(out, sizeof(out), "SELECT string_agg(c.relname || "
	    "CASE WHEN NOT c.relrowsecurity THEN ' (RLS not enabled)' ELSE '' END || "
	    "CASE WHEN NOT c.relforcerowsecurity THEN ' (RLS not forced)' ELSE '' END || "
	    "CASE WHEN NOT EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid) "
	    "THEN ' (no policy)' ELSE '' END, ', ' ORDER BY c.relname) "
	    "FROM pg_class c WHERE c.oid IN (" TENANT_TABLES ") AND "
	    "(NOT c.relrowsecurity OR NOT c.relforcerowsecurity OR NOT EXISTS "
	    "(SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid))") == -1)
		return;
	T_CHECKF(NULL, out[0] == '\0', "rls: every tenant table has RLS enabled, "
	    "forced and a policy; not: %s", out);
}

/* rise_app owns nothing and cannot bypass RLS. */
static void
test_rls_app_role(void)
{
	char	out[4096];

	if (SQL(out, sizeof(out), "SELECT rolsuper::text || ' ' || "
	    "rolbypassrls::text FROM pg_roles WHERE rolname = '" APP_ROLE "'") == -1)
		return;
	T_CHECKF(NULL, strcmp(out, "false false") == 0, "rls: " APP_ROLE
	    " exists, not SUPERUSER nor BYPASSRLS (superuser, bypassrls: %s)", out);
	if (SQL(out, sizeof(out), "SELECT string_agg(n.nspname || '.' || "
	    "c.relname, ', ') FROM pg_class c JOIN pg_namespace n ON "
	    "n.oid = c.relnamespace WHERE pg_get_userbyid(c.relowner) = '"
	    APP_ROLE "'") == -1)
		return;
	T_CHECKF(NULL, out[0] == '\0', "rls: " APP_ROLE " owns nothing (owns %s)",
	    out);
	if (SQL(out, sizeof(out), "SELECT string_agg(n.nspname, ', ') FROM "
	    "pg_namespace n WHERE pg_get_userbyid(n.nspowner) = '" APP_ROLE "'") == -1)
		return;
	T_CHECKF(NULL, out[0] == '\0', "rls: " APP_ROLE " owns no schema "
	    "(owns %s)", out);
	/* Membership in a role that bypasses RLS or owns the tables. */
	if (SQL(out, sizeof(out), "SELECT string_agg(r.rolname, ', ') FROM "
	    "pg_roles r WHERE r.rolname <> '" APP_ROLE "' AND "
	    "pg_has_role('" APP_ROLE "', r.oid, 'USAGE') AND "
	    "(r.rolsuper OR r.rolbypassrls OR EXISTS (SELECT 1 FROM pg_class c "
	    "WHERE c.relowner = r.oid AND c.oid IN (" TENANT_TABLES ")))") == -1)
		return;
	T_CHECKF(NULL, out[0] == '\0', "rls: " APP_ROLE " is no member of a "
	    "role that bypasses RLS or owns a tenant table (%s)", out);
}

/* With no tenant set, rise_app sees no row where the owner sees some. */
static void
test_rls_no_tenant_no_rows(void)
{
	char	 list[8192], q[256], admin[32], app[1024], *name, *save;
	int	 seen = 0, st;

	make_rows();
	/* One line per table: its quoted name and whether rise_app may read it. */
	if (SQL(list, sizeof(list), "SELECT format('%%I', c.relname) || ' ' || "
	    "has_table_privilege('" APP_ROLE "', c.oid, 'SELECT')::text "
	    "FROM pg_class c WHERE c.oid IN (" TENANT_TABLES ") "
	    "ORDER BY c.relname") == -1)
		return;
	for (name = strtok_r(list, "\n", &save); name != NULL;
	    name = strtok_r(NULL, "\n", &save)) {
		char	*sp = strchr(name, ' ');

		if (!T_CHECKF(NULL, sp != NULL, "rls: catalog line %s", name))
			continue;
		*sp = '\0';
		if (!T_CHECKF(NULL, is_ident(name), "rls: table name %s is a "
		    "plain identifier (quoted names are refused here)", name))
			continue;
		if (SQL(admin, sizeof(admin), "SELECT count(*) FROM %s", name) == -1)
			continue;
		if (strcmp(sp + 1, "true") != 0)
			continue;	/* rise_app cannot read it at all */
		snprintf(q, sizeof(q), "SELECT count(*) FROM %s", name);
		st = sql_app(app, sizeof(app), q);
		T_CHECKF(NULL, st == 0 && strcmp(app, "0") == 0, "rls: " APP_ROLE
		    " with no tenant sees no row of %s (exit %d, %s; the owner "
		    "sees %s)", name, st, app, admin);
		if (atoi(admin) > 0)
			seen++;
	}
	/* The check means something only where there are rows. */
	T_CHECKF(NULL, seen >= 5, "rls: at least 5 tenant tables hold rows "
	    "for the owner (%d do)", seen);
}

void
suite_rls(void)
{
	CU_pSuite	s = t_suite("rls");

	T_ADD(s, test_rls_enabled_forced);
	T_ADD(s, test_rls_app_role);
	T_ADD(s, test_rls_no_tenant_no_rows);
}
