/*
 * extern.h: the web UI's handlers (cgi-bin/web), one file per area:
 * session.c (sign in and out), dashboard.c and assessments.c and
 * profile.c (consultants), admin.c (admins, with their charts), assess.c
 * (the client's questionnaire, reached by its link without an account),
 * charts.c (an assessment's PNG charts).
 *
 * Every handler returns a status with the page (web_render) or a redirect
 * (web_redirect) set; errors become pages in the layout (web_error_page).
 */
#ifndef WEB_EXTERN_H
#define WEB_EXTERN_H

#include "request.h"

/* session.c */
int	web_login_form(struct req *);
int	web_login(struct req *);
int	web_logout(struct req *);

/* dashboard.c, assessments.c, profile.c */
int	web_dashboard(struct req *);
int	web_asm_list(struct req *);
int	web_asm_new_form(struct req *);
int	web_asm_create(struct req *);
int	web_asm_show(struct req *);
int	web_asm_update(struct req *);
int	web_asm_delete_confirm(struct req *);
int	web_asm_delete(struct req *);
int	web_asm_report(struct req *);
int	web_report_download(struct req *);
int	web_profile(struct req *);
int	web_profile_update(struct req *);
int	web_password(struct req *);

/* admin.c, with web_chart_admin */
int	web_admin_users(struct req *);
int	web_admin_user_new_form(struct req *);
int	web_admin_user_create(struct req *);
int	web_admin_user_update(struct req *);
int	web_admin_analytics(struct req *);
int	web_chart_admin(struct req *);

/* charts.c */
int	web_chart_assessment(struct req *);

/* assess.c */
int	web_assess_show(struct req *);
int	web_assess_save(struct req *);
int	web_assess_done(struct req *);

#endif
