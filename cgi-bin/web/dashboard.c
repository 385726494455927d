/*
 * dashboard.c: the signed-in consultant's start page: how many of their
 * assessments have each status and which changed last.  An admin's
 * covers every consultant's, as the API's lists do.
 */
#include <string.h>
#include <time.h>

#include "assess.h"
#include "resp.h"
#include "serve.h"
#include "user.h"
#include "web.h"
#include "webui.h"

#include "extern.h"

#define RECENT	6	/* assessments under "Recent activity" */

/*
 * GET /: the counts by status (each a link to the filtered list), the
 * share completed, and the assessments most recently changed.  200.
 */
int
web_dashboard(struct req *r)
{
	static const char *const times[] = { "createdAt", "updatedAt", NULL };
	struct assess_query	 q;
	json_object		*ctx, *counts, *list, *items, *v;
	PGresult		*res;
	long long		 total, done;
	time_t			 now = time(NULL);
	size_t			 i;

	memset(&q, 0, sizeof(q));
	q.pg.page = 1;
	q.pg.limit = RECENT;
	q.status = "";
	q.sort = "updatedAt";
	q.order = "desc";
	if ((counts = assess_counts(r)) == NULL)
		return r->status;
	if ((list = assess_list(r, &q)) == NULL) {
		json_object_put(counts);
		return r->status;
	}
	ctx = json_object_new_object();
	if ((res = DB_Q(r->app->db, STMT_USER_GET, r->who.user_id)) != NULL &&
	    PQntuples(res) == 1)
		json_object_object_add(ctx, "firstName", db_json_str(res, 0, UC_FIRST));
	PQclear(res);

	json_object_object_get_ex(counts, "total", &v);
	total = json_object_get_int64(v);
	json_object_object_get_ex(counts, "completed", &v);
	done = json_object_get_int64(v);
	json_object_object_add(counts, "completedShare",
	    json_object_new_int64(total > 0 ? done * 100 / total : 0));
	json_object_object_add(ctx, "counts", counts);
	json_object_object_add(ctx, "hasAny", json_object_new_boolean(total > 0));

	json_object_object_get_ex(list, "assessments", &items);
	for (i = 0; i < json_object_array_length(items); i++)
		webui_dates(json_object_array_get_idx(items, i), times, now);
	json_object_object_add(ctx, "recent", json_object_get(items));
	json_object_object_add(ctx, "moreThanRecent", json_object_new_boolean(total > RECENT));
	json_object_put(list);

	json_object_object_add(ctx, "isAdmin",
	    json_object_new_boolean(strcmp(r->who.role, "admin") == 0));
	json_object_object_add(ctx, "title", json_object_new_string("Dashboard"));
	return web_render(r, 200, "dashboard", ctx);
}
