/*
 * web: the server-rendered web UI for consultants and admins, and the
 * client's questionnaire.  Pages come from templates/ (escaped by
 * default), static files from htdocs/static/ (served by the web server).
 * Works without JavaScript; small scripts only improve it.
 */
#include <stdio.h>
#include <stdlib.h>

#include "serve.h"
#include "tmpl.h"
#include "web.h"

#include "extern.h"

#define C	ROUTE_COOKIE			/* signed in */
#define F	(ROUTE_FORM | ROUTE_CSRF)	/* a form that changes something */

static const struct route routes[] = {
	{ REQ_GET, "/", web_dashboard, C, RL_WEB },
	{ REQ_GET, "/login", web_login_form, ROUTE_COOKIE_OPT, RL_WEB },
	{ REQ_POST, "/login", web_login, ROUTE_COOKIE_OPT | F, RL_LOGIN },
	{ REQ_POST, "/logout", web_logout, C | F, RL_WEB },

	{ REQ_GET, "/assessments", web_asm_list, C, RL_WEB },
	{ REQ_GET, "/assessments/new", web_asm_new_form, C, RL_WEB },
	{ REQ_POST, "/assessments/new", web_asm_create, C | F, RL_WEB },
	{ REQ_GET, "/assessments/:id", web_asm_show, C, RL_WEB },
	{ REQ_POST, "/assessments/:id", web_asm_update, C | F, RL_WEB },
	{ REQ_GET, "/assessments/:id/delete", web_asm_delete_confirm, C, RL_WEB },
	{ REQ_POST, "/assessments/:id/delete", web_asm_delete, C | F, RL_WEB },
	{ REQ_POST, "/assessments/:id/reports", web_asm_report, C | F, RL_REPORT },
	{ REQ_GET, "/reports/:id/download", web_report_download, C, RL_WEB },
	{ REQ_GET, "/charts/assessments/:id/:chart", web_chart_assessment, C, RL_WEB },

	{ REQ_GET, "/profile", web_profile, C, RL_WEB },
	{ REQ_POST, "/profile", web_profile_update, C | F, RL_WEB },
	{ REQ_POST, "/profile/password", web_password, C | F, RL_PASSWORD },

	{ REQ_GET, "/admin/users", web_admin_users, C | ROUTE_ADMIN, RL_WEB },
	{ REQ_GET, "/admin/users/new", web_admin_user_new_form, C | ROUTE_ADMIN, RL_WEB },
	{ REQ_POST, "/admin/users/new", web_admin_user_create, C | F | ROUTE_ADMIN, RL_WEB },
	{ REQ_POST, "/admin/users/:id", web_admin_user_update, C | F | ROUTE_ADMIN, RL_WEB },
	{ REQ_GET, "/admin/analytics", web_admin_analytics, C | ROUTE_ADMIN, RL_WEB },
	{ REQ_GET, "/charts/admin/:chart", web_chart_admin, C | ROUTE_ADMIN, RL_WEB },

	/*
	 * The client's link is the credential (a capability URL): no cookie,
	 * and no CSRF token is needed since a forged form cannot know it.
	 */
	{ REQ_GET, "/assess/:token", web_assess_show, 0, RL_CLIENT },
	{ REQ_POST, "/assess/:token", web_assess_save, ROUTE_FORM, RL_CLIENT },
	{ REQ_GET, "/assess/:token/done", web_assess_done, 0, RL_CLIENT },
};

int
main(void)
{
	struct tmpl_set	*set = NULL;
	struct cfg	 cfg;
	char		 err[512], dir[1024];
	int		 rc;

	/* The templates are parsed once, before the first request. */
	if (cfg_load(&cfg, NULL, err, sizeof(err)) != APP_OK) {
		fprintf(stderr, "web: %s\n", err);
		cfg_free(&cfg);
		return 1;
	}
	snprintf(dir, sizeof(dir), "%s", cfg.templates_dir);
	cfg_free(&cfg);
	if (tmpl_load(&set, dir, err, sizeof(err)) != APP_OK) {
		fprintf(stderr, "web: templates_dir: %s\n", err);
		return 1;
	}
	web_init(set);
	rc = serve_main("web", RESP_ENV_HTML, routes, NELEM(routes));
	tmpl_free(set);
	return rc;
}
