/* mail.c: composing mail and queueing it in the outbox. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db.h"
#include "link.h"
#include "log.h"
#include "mail.h"
#include "tmpl.h"
#include "valid.h"

static const char *const kinds[MAIL_KIND__MAX] = { "invite", "reminder", "completed" };

/* The columns of STMT_MAIL_ASM, in order. */
enum mail_col {
	MC_ID, MC_ORG, MC_CLIENT_NAME, MC_CLIENT_EMAIL, MC_BUSINESS, MC_SALT,
	MC_EXPIRES, MC_STATUS, MC_TYPE, MC_FIRST, MC_LAST, MC_EMAIL, MC_NOTIFY,
	MC_FIRM, MC_COMPANY, MC__MAX
};

/* The process's mail templates, loaded on first use (mail_queue). */
static struct tmpl_set	*templates;

const char *
mail_kind_name(enum mail_kind k)
{
	return (unsigned)k < MAIL_KIND__MAX ? kinds[k] : "invite";
}

/* Appends the string s. */
static void
hput(struct html_buf *b, const char *s)
{
	html_raw(b, s, strlen(s));
}

/* True if s holds no control character (CR, LF, tab included) nor DEL. */
static bool
no_controls(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

/* s without leading and trailing spaces, copied into out of size sz. */
static bool
copy_trimmed(char *out, size_t sz, const char *s, size_t len)
{
	while (len > 0 && *s == ' ') {
		s++;
		len--;
	}
	while (len > 0 && s[len - 1] == ' ')
		len--;
	if (len >= sz)
		return false;
	memcpy(out, s, len);
	out[len] = '\0';
	return true;
}

bool
mail_addr_parse(const char *spec, char name[MAIL_NAME_MAX], char addr[MAIL_ADDR_MAX])
{
	const char	*lt, *gt;
	size_t		 n;

	name[0] = addr[0] = '\0';
	if (spec == NULL || !no_controls(spec))
		return false;
	n = strlen(spec);
	while (n > 0 && spec[n - 1] == ' ')
		n--;
	if (n > 0 && spec[n - 1] == '>' && (lt = strrchr(spec, '<')) != NULL) {
		gt = spec + n - 1;
		if (!copy_trimmed(name, MAIL_NAME_MAX, spec, (size_t)(lt - spec)) ||
		    !copy_trimmed(addr, MAIL_ADDR_MAX, lt + 1, (size_t)(gt - lt - 1)))
			return false;
		/* "Name" <addr>: the quotes are syntax, not part of the name. */
		n = strlen(name);
		if (n >= 2 && name[0] == '"' && name[n - 1] == '"') {
			memmove(name, name + 1, n - 2);
			name[n - 2] = '\0';
		}
		if (strchr(name, '"') != NULL || strchr(name, '\\') != NULL)
			return false;
	} else if (!copy_trimmed(addr, MAIL_ADDR_MAX, spec, n))
		return false;
	return valid_email(addr) && strchr(addr, '<') == NULL &&
	    strchr(addr, '>') == NULL;
}

/* A copy of s with control characters as spaces, trimmed; caller frees. */
static char *
clean(const char *s)
{
	char	*c, *p, *e;

	if ((c = strdup(s == NULL ? "" : s)) == NULL)
		return NULL;
	for (p = c; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	for (p = c; *p == ' '; p++)
		continue;
	e = p + strlen(p);
	while (e > p && e[-1] == ' ')
		*--e = '\0';
	memmove(c, p, strlen(p) + 1);
	return c;
}

/* True if s is printable ASCII that no reader takes for an encoded-word. */
static bool
plain_ascii(const char *s)
{
	for (const char *p = s; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e)
			return false;
	return strstr(s, "=?") == NULL;
}

static void
b64(struct html_buf *b, const unsigned char *s, size_t len)
{
	static const char	 tab[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char			 q[4];
	unsigned		 v;

	for (size_t i = 0; i < len; i += 3) {
		v = (unsigned)s[i] << 16;
		if (i + 1 < len)
			v |= (unsigned)s[i + 1] << 8;
		if (i + 2 < len)
			v |= s[i + 2];
		q[0] = tab[v >> 18 & 63];
		q[1] = tab[v >> 12 & 63];
		q[2] = i + 1 < len ? tab[v >> 6 & 63] : '=';
		q[3] = i + 2 < len ? tab[v & 63] : '=';
		html_raw(b, q, 4);
	}
}

/*
 * RFC 2047 "B" encoded-words of at most 45 bytes of text each (60
 * characters of base64, 72 in all), never splitting a UTF-8 character,
 * separated by spaces on one line.
 */
static void
encoded_words(struct html_buf *b, const char *s)
{
	size_t	len = strlen(s), i = 0, n;

	while (i < len) {
		n = len - i > 45 ? 45 : len - i;
		while (n > 1 && i + n < len && ((unsigned char)s[i + n] & 0xc0) == 0x80)
			n--;
		if (i > 0)
			hput(b, " ");
		hput(b, "=?UTF-8?B?");
		b64(b, (const unsigned char *)s + i, n);
		hput(b, "?=");
		i += n;
	}
}

void
mail_hdr_text(struct html_buf *b, const char *s)
{
	char	*c;

	if ((c = clean(s)) == NULL) {
		b->err = APP_ERR_NOMEM;
		return;
	}
	if (plain_ascii(c))
		html_raw(b, c, strlen(c));
	else
		encoded_words(b, c);
	free(c);
}

bool
mail_hdr_mailbox(struct html_buf *b, const char *name, const char *addr)
{
	char	*c;

	if (addr == NULL || !valid_email(addr) || !no_controls(addr) ||
	    strpbrk(addr, " <>\"") != NULL)
		return false;
	if ((c = clean(name)) == NULL) {
		b->err = APP_ERR_NOMEM;
		return false;
	}
	if (*c != '\0' && plain_ascii(c)) {
		hput(b, "\"");
		for (const char *p = c; *p != '\0'; p++) {
			if (*p == '"' || *p == '\\')
				hput(b, "\\");
			html_raw(b, p, 1);
		}
		hput(b, "\" ");
	} else if (*c != '\0') {
		encoded_words(b, c);
		hput(b, " ");
	}
	free(c);
	hput(b, "<");
	html_raw(b, addr, strlen(addr));
	hput(b, ">");
	return true;
}

/* True if s[i] ends a line: LF, or CR LF. */
static bool
at_eol(const char *s, size_t i, size_t len)
{
	return i >= len || s[i] == '\n' ||
	    (s[i] == '\r' && i + 1 < len && s[i + 1] == '\n');
}

void
mail_qp(struct html_buf *b, const char *s, size_t len)
{
	static const char	 hex[] = "0123456789ABCDEF";
	char			 tok[3];
	size_t			 col = 0, tn;
	unsigned char		 c;
	bool			 lit;

	for (size_t i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (at_eol(s, i, len)) {
			if (c == '\r')
				i++;
			hput(b, "\r\n");
			col = 0;
			continue;
		}
		/* A space or tab before a line end would be lost: encode it. */
		lit = (c >= 33 && c <= 126 && c != '=') ||
		    ((c == ' ' || c == '\t') && !at_eol(s, i + 1, len));
		if (col + (lit ? 1 : 3) > 75) {
			hput(b, "=\r\n");
			col = 0;
		}
		/* A lone "." line ends SMTP DATA in a careless relay. */
		if (c == '.' && col == 0)
			lit = false;
		if (lit) {
			tok[0] = (char)c;
			tn = 1;
		} else {
			tok[0] = '=';
			tok[1] = hex[c >> 4];
			tok[2] = hex[c & 15];
			tn = 3;
		}
		html_raw(b, tok, tn);
		col += tn;
	}
	if (col > 0)
		hput(b, "\r\n");
}

/* "Sat, 22 Nov 2026 10:00:00 +0000", whatever the locale. */
static void
rfc_date(char out[40], time_t t)
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu",
	    "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May",
	    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	struct tm	 tm;

	gmtime_r(&t, &tm);
	snprintf(out, 40, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday],
	    tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour,
	    tm.tm_min, tm.tm_sec);
}

static void
part(struct html_buf *b, const char *id, const char *type, const char *body)
{
	hput(b, "--=_rise_");
	html_raw(b, id, strlen(id));
	hput(b, "\r\nContent-Type: ");
	html_raw(b, type, strlen(type));
	hput(b, "; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
	mail_qp(b, body, strlen(body));
}

enum app_err
mail_build(const struct mail_msg *m, char **out, size_t *len)
{
	struct html_buf	 b;
	char		 fname[MAIL_NAME_MAX], faddr[MAIL_ADDR_MAX], date[40];
	const char	*domain;
	enum app_err	 rc = APP_ERR_INVALID;

	memset(&b, 0, sizeof(b));
	*out = NULL;
	/* The boundary "=_rise_<id>" cannot occur in quoted-printable text. */
	if (m->id == NULL || !util_id_valid(m->id, "mail_") ||
	    !mail_addr_parse(m->from, fname, faddr))
		return APP_ERR_INVALID;
	domain = strrchr(faddr, '@') + 1;
	rfc_date(date, m->date);
	hput(&b, "Date: ");
	html_raw(&b, date, strlen(date));
	hput(&b, "\r\nFrom: ");
	mail_hdr_mailbox(&b, fname, faddr);
	hput(&b, "\r\nTo: ");
	if (!mail_hdr_mailbox(&b, m->to_name, m->to_addr))
		goto out;
	if (m->reply_addr != NULL) {
		hput(&b, "\r\nReply-To: ");
		if (!mail_hdr_mailbox(&b, m->reply_name, m->reply_addr))
			goto out;
	}
	hput(&b, "\r\nSubject: ");
	mail_hdr_text(&b, m->subject);
	hput(&b, "\r\nMessage-ID: <");
	html_raw(&b, m->id, strlen(m->id));
	hput(&b, "@");
	html_raw(&b, domain, strlen(domain));
	hput(&b, ">\r\nMIME-Version: 1.0\r\n"
	    "Content-Type: multipart/alternative; boundary=\"=_rise_");
	html_raw(&b, m->id, strlen(m->id));
	hput(&b, "\"\r\n\r\nThis is a message in MIME format.\r\n\r\n");
	part(&b, m->id, "text/plain", m->text);
	part(&b, m->id, "text/html", m->html);
	hput(&b, "--=_rise_");
	html_raw(&b, m->id, strlen(m->id));
	hput(&b, "--\r\n");
	rc = APP_OK;
out:
	if (rc != APP_OK) {
		html_buf_free(&b);
		return rc;
	}
	if ((*out = html_buf_take(&b, len)) == NULL)
		return APP_ERR_NOMEM;
	return APP_OK;
}

/* Reads the regular file dir/name (no symbolic link); caller frees. */
static char *
read_file(const char *dir, const char *name, size_t *len)
{
	char		 path[1024], *buf = NULL;
	struct stat	 st;
	ssize_t		 n;
	int		 fd;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path) ||
	    (fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1)
		return NULL;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    (size_t)st.st_size <= TMPL_SRC_MAX &&
	    (buf = malloc((size_t)st.st_size + 1)) != NULL) {
		n = read(fd, buf, (size_t)st.st_size);
		if (n != st.st_size) {
			free(buf);
			buf = NULL;
		} else {
			buf[n] = '\0';
			*len = (size_t)n;
		}
	}
	close(fd);
	return buf;
}

/*
 * Loads templates_dir/mail/ *.txt and *.html into templates, each called
 * by its file name, and checks that every kind has its three.
 */
static enum app_err
load_templates(const struct cfg *cfg)
{
	struct tmpl_set	*set;
	struct dirent	*d;
	DIR		*dp = NULL;
	char		 dir[1024], err[512], want[64], *src;
	const char	*n, *dot;
	size_t		 len;
	enum app_err	 rc = APP_ERR_NOMEM;
	int		 k;

	if (templates != NULL)
		return APP_OK;
	snprintf(dir, sizeof(dir), "%s/mail", cfg->templates_dir);
	if ((set = tmpl_new()) == NULL)
		return APP_ERR_NOMEM;
	if ((dp = opendir(dir)) == NULL) {
		LOG_ERROR(NULL, "mail templates: %s: %s", dir, strerror(errno));
		rc = APP_ERR_IO;
		goto out;
	}
	while ((d = readdir(dp)) != NULL) {
		n = d->d_name;
		if (n[0] == '.' || (dot = strrchr(n, '.')) == NULL ||
		    (strcmp(dot, ".txt") != 0 && strcmp(dot, ".html") != 0))
			continue;
		if ((src = read_file(dir, n, &len)) == NULL) {
			LOG_ERROR(NULL, "mail templates: cannot read %s/%s", dir, n);
			rc = APP_ERR_IO;
			goto out;
		}
		rc = tmpl_add(set, n, src, len, err, sizeof(err));
		free(src);
		if (rc != APP_OK) {
			LOG_ERROR(NULL, "mail templates: %s/%s", dir, err);
			goto out;
		}
	}
	if ((rc = tmpl_link(set, err, sizeof(err))) != APP_OK) {
		LOG_ERROR(NULL, "mail templates: %s", err);
		goto out;
	}
	for (k = 0; k < MAIL_KIND__MAX; k++)
		for (int i = 0; i < 3; i++) {
			snprintf(want, sizeof(want), "%s%s", kinds[k],
			    i == 0 ? "_subject.txt" : i == 1 ? ".txt" : ".html");
			if (tmpl_render(set, want, NULL, &src, NULL) != APP_OK) {
				LOG_ERROR(NULL, "mail templates: %s/%s is missing",
				    dir, want);
				rc = APP_ERR_INVALID;
				goto out;
			}
			free(src);
		}
	templates = set;
	set = NULL;
	rc = APP_OK;
out:
	if (dp != NULL)
		closedir(dp);
	tmpl_free(set);
	return rc;
}

void
mail_cleanup(void)
{
	tmpl_free(templates);
	templates = NULL;
}

/* "Monday, 24 November 2026 at 10:00 UTC". */
static void
deadline(char out[64], time_t t)
{
	static const char *const days[] = { "Sunday", "Monday", "Tuesday",
	    "Wednesday", "Thursday", "Friday", "Saturday" };
	static const char *const months[] = { "January", "February", "March",
	    "April", "May", "June", "July", "August", "September", "October",
	    "November", "December" };
	struct tm	 tm;

	gmtime_r(&t, &tm);
	snprintf(out, 64, "%s, %d %s %d at %02d:%02d UTC", days[tm.tm_wday],
	    tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min);
}

/*
 * A value for the templates: one line, control characters as spaces, so
 * a name typed with a line break does not break the text part's layout.
 */
static json_object *
jstr(const char *s)
{
	json_object	*o;
	char		*c;

	if ((c = clean(s)) == NULL)
		return NULL;
	o = json_object_new_string(c);
	free(c);
	return o;
}

/* The templates' context for the assessment in res. */
static json_object *
context(const PGresult *res, const struct cfg *cfg, const char *link)
{
	json_object	*ctx, *o;
	char		 name[512], when[64], url[1024];
	time_t		 exp;

	ctx = json_object_new_object();
	snprintf(name, sizeof(name), "%s %s", db_get(res, 0, MC_FIRST),
	    db_get(res, 0, MC_LAST));
	o = json_object_new_object();
	json_object_object_add(o, "firstName", jstr(db_get(res, 0, MC_FIRST)));
	json_object_object_add(o, "lastName", jstr(db_get(res, 0, MC_LAST)));
	json_object_object_add(o, "name", jstr(name));
	json_object_object_add(o, "email", jstr(db_get(res, 0, MC_EMAIL)));
	json_object_object_add(ctx, "consultant", o);
	o = json_object_new_object();
	json_object_object_add(o, "name", jstr(db_get(res, 0, MC_CLIENT_NAME)));
	json_object_object_add(o, "email", jstr(db_get(res, 0, MC_CLIENT_EMAIL)));
	json_object_object_add(ctx, "client", o);
	json_object_object_add(ctx, "firm", jstr(db_get(res, 0, MC_FIRM)));
	json_object_object_add(ctx, "businessName", jstr(db_get(res, 0, MC_BUSINESS)));
	json_object_object_add(ctx, "assessmentId", jstr(db_get(res, 0, MC_ID)));
	json_object_object_add(ctx, "link", jstr(link));
	exp = (time_t)db_getll(res, 0, MC_EXPIRES);
	deadline(when, exp);
	json_object_object_add(ctx, "deadline", jstr(when));
	snprintf(url, sizeof(url), "%s/assessments/%s", cfg->public_base_url,
	    db_get(res, 0, MC_ID));
	json_object_object_add(ctx, "assessmentUrl", jstr(url));
	return ctx;
}

/* Renders kind's three templates; the caller frees what is set. */
static enum app_err
render(enum mail_kind k, json_object *ctx, char **subject, char **text, char **html)
{
	char		 name[64];
	enum app_err	 rc;

	snprintf(name, sizeof(name), "%s_subject.txt", kinds[k]);
	if ((rc = tmpl_render(templates, name, ctx, subject, NULL)) != APP_OK)
		return rc;
	snprintf(name, sizeof(name), "%s.txt", kinds[k]);
	if ((rc = tmpl_render(templates, name, ctx, text, NULL)) != APP_OK)
		return rc;
	snprintf(name, sizeof(name), "%s.html", kinds[k]);
	return tmpl_render(templates, name, ctx, html, NULL);
}

enum app_err
mail_queue(struct db *db, const struct cfg *cfg, const struct auth_key *key,
    enum mail_kind k, const char *aid, char out_id[UTIL_ID_MAX])
{
	struct mail_msg	 m;
	PGresult	*res = NULL, *ins = NULL;
	json_object	*ctx = NULL;
	char		 id[UTIL_ID_MAX], cname[512];
	char		*link = NULL, *subject = NULL, *text = NULL, *html = NULL;
	char		*msg = NULL, *subj = NULL;
	enum app_err	 rc;

	out_id[0] = '\0';
	if ((unsigned)k >= MAIL_KIND__MAX)
		return APP_ERR_INVALID;
	if ((rc = load_templates(cfg)) != APP_OK)
		return rc;
	if ((res = DB_Q(db, STMT_MAIL_ASM, aid)) == NULL)
		return APP_ERR_DB;
	rc = APP_OK;
	if (PQntuples(res) != 1 ||
	    (k == MAIL_COMPLETED && !db_getbool(res, 0, MC_NOTIFY)))
		goto out;
	rc = APP_ERR_NOMEM;
	if ((link = link_make(key, cfg->public_base_url, db_get(res, 0, MC_ID),
	    db_get(res, 0, MC_SALT))) == NULL ||
	    (ctx = context(res, cfg, link)) == NULL)
		goto out;
	if ((rc = render(k, ctx, &subject, &text, &html)) != APP_OK) {
		LOG_ERROR(aid, "mail %s: cannot render its templates: %s",
		    kinds[k], app_strerror(rc));
		goto out;
	}
	if ((subj = strdup(subject)) == NULL || (rc = util_id(id, "mail_")) != APP_OK)
		goto out;
	/* The template's line end and any control character: one line. */
	for (char *p = subj; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	for (size_t n = strlen(subj); n > 0 && subj[n - 1] == ' '; n--)
		subj[n - 1] = '\0';
	memset(&m, 0, sizeof(m));
	m.id = id;
	m.date = time(NULL);
	m.from = cfg->mail_from;
	m.subject = subj;
	m.text = text;
	m.html = html;
	snprintf(cname, sizeof(cname), "%s %s", db_get(res, 0, MC_FIRST),
	    db_get(res, 0, MC_LAST));
	if (k == MAIL_COMPLETED) {
		m.to_name = cname;
		m.to_addr = db_get(res, 0, MC_EMAIL);
	} else {
		m.to_name = db_get(res, 0, MC_CLIENT_NAME);
		m.to_addr = db_get(res, 0, MC_CLIENT_EMAIL);
		m.reply_name = cname;
		m.reply_addr = db_get(res, 0, MC_EMAIL);
		/* A consultant's address that is not valid_email: no Reply-To. */
		if (!valid_email(m.reply_addr))
			m.reply_addr = NULL;
	}
	if ((rc = mail_build(&m, &msg, NULL)) != APP_OK) {
		LOG_ERROR(aid, "mail %s: cannot build it: %s", kinds[k],
		    rc == APP_ERR_INVALID ? "an address is not valid" :
		    app_strerror(rc));
		goto out;
	}
	if ((ins = DB_Q(db, STMT_MAIL_INSERT, id, db_get(res, 0, MC_ORG), kinds[k],
	    aid, m.to_addr, subj, text, html, msg)) == NULL) {
		rc = APP_ERR_DB;
		goto out;
	}
	if (PQntuples(ins) == 1) {
		PQclear(ins);
		if ((ins = DB_Q(db, STMT_MAIL_NOTIFY, id)) == NULL) {
			rc = APP_ERR_DB;
			goto out;
		}
		snprintf(out_id, UTIL_ID_MAX, "%s", id);
	}
	rc = APP_OK;
out:
	json_object_put(ctx);
	PQclear(ins);
	PQclear(res);
	free(link);
	free(subject);
	free(subj);
	free(text);
	free(html);
	free(msg);
	return rc;
}
