/*
 * rise-worker: renders queued reports.
 *
 * Claims the oldest runnable job of any tenant with FOR UPDATE SKIP
 * LOCKED and a lease (report_claim), renders the PDF, and stores it with
 * status "ready" in one UPDATE that only a job still processing accepts,
 * so a report is stored exactly once even if a lease ran out.  A failure
 * is retried with back-off; after reports.max_attempts the report is
 * "failed" with the reason.  A worker that dies leaves its lease to
 * expire and another worker (here or on another host) takes the job.
 * Sleeps on LISTEN report_jobs between jobs, waking every few seconds for
 * leases and back-offs that ran out.  SIGTERM finishes the job in hand.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/lsan_interface.h>
#endif

#include "config.h"
#include "db.h"
#include "log.h"
#include "report.h"
#include "util.h"

static volatile sig_atomic_t stopping;

static void
on_term(int sig)
{
	(void)sig;
	stopping = 1;
}

/* Records a failed try: back off and retry, or give up. */
static void
job_failed(struct db *db, const struct cfg *cfg, const char *id, long attempts,
    const char *why)
{
	char		 delay[24];
	PGresult	*res;

	db_rollback(db);
	LOG_WARN(id, "report failed (try %ld of %ld): %s", attempts,
	    cfg->report_attempts, why);
	if (attempts >= cfg->report_attempts)
		res = DB_Q(db, STMT_REPORT_FAIL, id, why);
	else {
		snprintf(delay, sizeof(delay), "%ld", attempts * attempts * 5);
		res = DB_Q(db, STMT_REPORT_RETRY, id, why, delay);
	}
	PQclear(res);
}

/* Claims and renders one job: 1 if there was one, 0 if none, -1 on error. */
static int
job_run(struct db *db, const struct cfg *cfg, struct report_ctx *rc)
{
	struct report_out	 out;
	PGresult		*job, *res;
	char			 id[UTIL_ID_MAX], lease[16], pages[16], ms[32];
	char			*hex = NULL, why[256];
	long			 attempts;
	int64_t			 t0;
	enum app_err		 e;

	snprintf(lease, sizeof(lease), "%ld", cfg->report_lease);
	if ((job = DB_Q(db, STMT_REPORT_CLAIM, lease)) == NULL)
		return -1;
	if (PQntuples(job) != 1) {
		PQclear(job);
		return 0;
	}
	snprintf(id, sizeof(id), "%s", db_get(job, 0, 0));
	attempts = (long)db_getll(job, 0, 3);
	t0 = util_now_us();
	memset(&out, 0, sizeof(out));
	if (db_begin(db) != APP_OK ||
	    db_tenant(db, db_get(job, 0, 1), db_get(job, 0, 2), "worker") != APP_OK) {
		PQclear(job);
		db_rollback(db);
		return -1;
	}
	PQclear(job);
	if ((e = report_render(rc, db, id, &out, why, sizeof(why))) != APP_OK) {
		job_failed(db, cfg, id, attempts, why);
		return 1;
	}
	snprintf(pages, sizeof(pages), "%d", out.pages);
	snprintf(ms, sizeof(ms), "%.3f", (double)(util_now_us() - t0) / 1000.0);
	if ((hex = malloc(2 * out.len + 3)) == NULL) {
		report_out_free(&out);
		job_failed(db, cfg, id, attempts, "out of memory");
		return 1;
	}
	hex[0] = '\\';
	hex[1] = 'x';
	util_hex(hex + 2, out.pdf, out.len);
	res = DB_Q(db, STMT_REPORT_DONE, id, hex, pages, ms, out.file_name);
	free(hex);
	report_out_free(&out);
	if (res == NULL || db_commit(db) != APP_OK) {
		PQclear(res);
		job_failed(db, cfg, id, attempts, "could not store the PDF");
		return 1;
	}
	if (PQntuples(res) == 0)
		LOG_INFO(id, "report was already stored by another worker");
	else
		LOG_INFO(id, "report ready: %s pages in %s ms", pages, ms);
	PQclear(res);
	return 1;
}

int
main(void)
{
	struct cfg		 cfg;
	struct db		*db = NULL;
	struct report_ctx	*rc = NULL;
	struct sigaction	 sa;
	char			 err[512];
	int			 status = 1, n;

	if (cfg_load(&cfg, NULL, err, sizeof(err)) != APP_OK) {
		fprintf(stderr, "rise-worker: %s\n", err);
		goto out;
	}
	log_init("worker", cfg.log_level);
	if (report_init(&rc, &cfg, err, sizeof(err)) != APP_OK) {
		fprintf(stderr, "rise-worker: %s\n", err);
		goto out;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (db_open(&db, &cfg, false) != APP_OK)
		goto out;
	(void)db_listen(db, "report_jobs");
	LOG_INFO(NULL, "started");
	while (!stopping) {
		/* Drain the queue, then sleep until a job is queued or 2 s pass. */
		while (!stopping && (n = job_run(db, &cfg, rc)) > 0) {
#ifdef __SANITIZE_ADDRESS__
			/* Sanitizer builds: what a job leaked is reported now. */
			__lsan_do_recoverable_leak_check();
#endif
		}
		if (stopping)
			break;
		if (db_wait(db, 2000) < 0)
			sleep(1);	/* PostgreSQL is away; db_wait reconnects */
	}
	LOG_INFO(NULL, "stopped");
	status = 0;
out:
	report_free(rc);
	db_close(db);
	cfg_free(&cfg);
	return status;
}
