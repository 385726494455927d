/*
 * test_mail.c: the mail outbox end to end.
 *
 * scripts/test-api.sh runs an SMTP sink (tests/smtp_sink.py) that stores
 * every message it accepts as a file in $RISE_TEST_MAIL_DIR (the envelope,
 * a blank line, the message), and two bin/rise-mailer processes sending
 * to it ($RISE_TEST_MAILER_PIDS), with a reminder scan every second and a
 * 5-second lease.  Each test mails its own fresh addresses, so it finds
 * its messages by recipient whatever the other tests sent.  Absences are
 * checked in the outbox (mail_outbox), where a mail exists or not as soon
 * as its cause committed.
 *
 * test_exactly_once kills a mailer, so it runs last.
 */
#include <dirent.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/types.h>
#include <time.h>

#include "client.h"

#define MAX_MAILERS	8
#define WAIT_MS		20000		/* for a mail to reach the sink */

/* One message as the sink stored it. */
struct tmail {
	char	 file[512];
	char	*raw;		/* the whole file */
	char	*head;		/* the message's header block, CRLF lines */
	char	*text;		/* the text/plain part, quoted-printable decoded */
	char	*html;		/* the text/html part, decoded */
	int	 nrcpt;		/* RCPT TO lines */
	char	 rcpt[256];	/* the first, without <> */
};

static void
mail_free(struct tmail *m)
{
	if (m == NULL)
		return;
	free(m->raw);
	free(m->head);
	free(m->text);
	free(m->html);
	memset(m, 0, sizeof(*m));
}

static char *
slurp(const char *path)
{
	FILE	*f;
	char	*buf = NULL;
	long	 n;

	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1)) != NULL) {
		if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		} else
			buf[n] = '\0';
	}
	fclose(f);
	return buf;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Quoted-printable s[0..len) decoded, CRLF as LF; caller frees. */
static char *
qp_decode(const char *s, size_t len)
{
	char	*out, *o;
	size_t	 i;

	if ((out = malloc(len + 1)) == NULL)
		abort();
	for (o = out, i = 0; i < len; i++) {
		if (s[i] == '=' && i + 2 < len && s[i + 1] == '\r' && s[i + 2] == '\n')
			i += 2;
		else if (s[i] == '=' && i + 2 < len && hexval(s[i + 1]) >= 0 &&
		    hexval(s[i + 2]) >= 0) {
			*o++ = (char)(hexval(s[i + 1]) << 4 | hexval(s[i + 2]));
			i += 2;
		} else if (s[i] == '\r' && i + 1 < len && s[i + 1] == '\n')
			continue;
		else
			*o++ = s[i];
	}
	*o = '\0';
	return out;
}

/* The decoded body of the part whose Content-Type is type, or NULL. */
static char *
part(const char *msg, const char *type)
{
	const char	*p, *body, *end;
	char		 want[64];

	snprintf(want, sizeof(want), "Content-Type: %s;", type);
	if ((p = strstr(msg, want)) == NULL ||
	    (body = strstr(p, "\r\n\r\n")) == NULL)
		return NULL;
	body += 4;
	if ((end = strstr(body, "\r\n--=_rise_")) == NULL)
		return NULL;
	return qp_decode(body, (size_t)(end - body) + 2);
}

/* Loads the sink's file path into *m; -1 if it is not a whole message. */
static int
mail_load(const char *path, struct tmail *m)
{
	char		*p, *msg, *e;
	size_t		 n;

	memset(m, 0, sizeof(*m));
	snprintf(m->file, sizeof(m->file), "%s", path);
	if ((m->raw = slurp(path)) == NULL ||
	    (msg = strstr(m->raw, "\r\n\r\n")) == NULL)
		return -1;
	for (p = m->raw; p < msg; p = strstr(p, "\r\n") + 2) {
		if (strncmp(p, "RCPT TO:<", 9) == 0 && m->nrcpt++ == 0 &&
		    (e = strchr(p + 9, '>')) != NULL && (size_t)(e - p - 9) < sizeof(m->rcpt)) {
			memcpy(m->rcpt, p + 9, (size_t)(e - p - 9));
			m->rcpt[e - p - 9] = '\0';
		}
	}
	msg += 4;
	if ((e = strstr(msg, "\r\n\r\n")) == NULL)
		return -1;
	n = (size_t)(e - msg) + 2;
	if ((m->head = malloc(n + 1)) == NULL)
		abort();
	memcpy(m->head, msg, n);
	m->head[n] = '\0';
	m->text = part(msg, "text/plain");
	m->html = part(msg, "text/html");
	return 0;
}

/*
 * The value of header name (on its line, up to CRLF; "" if absent) into
 * out.  Returns how many lines of the header block start with "name:".
 */
static int
header(const struct tmail *m, const char *name, char *out, size_t outsz)
{
	const char	*p, *e;
	size_t		 n = strlen(name);
	int		 count = 0;

	if (out != NULL)
		out[0] = '\0';
	for (p = m->head; p != NULL && *p != '\0'; p = e + 2) {
		if ((e = strstr(p, "\r\n")) == NULL)
			break;
		if (strncasecmp(p, name, n) == 0 && p[n] == ':') {
			if (count++ == 0 && out != NULL)
				snprintf(out, outsz, "%.*s", (int)(e - p - n - 1) -
				    (p[n + 1] == ' '), p + n + 1 + (p[n + 1] == ' '));
		}
	}
	return count;
}

static const char *
mail_dir(void)
{
	return getenv("RISE_TEST_MAIL_DIR");
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The messages the sink holds for recipient to (NULL: every one), in the
 * order received, into out[0..max); returns how many (up to max).
 */
static int
mails_for(const char *to, struct tmail *out, int max)
{
	DIR		*d;
	struct dirent	*e;
	char		**names = NULL, path[512];
	size_t		 n = 0, cap = 0, len;
	int		 got = 0;

	if (mail_dir() == NULL || (d = opendir(mail_dir())) == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		len = strlen(e->d_name);
		if (len < 5 || strcmp(e->d_name + len - 4, ".eml") != 0)
			continue;
		if (n == cap && (names = realloc(names,
		    (cap = cap ? cap * 2 : 64) * sizeof(*names))) == NULL)
			abort();
		if ((names[n++] = strdup(e->d_name)) == NULL)
			abort();
	}
	closedir(d);
	qsort(names, n, sizeof(*names), by_name);
	for (size_t i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", mail_dir(), names[i]);
		if (got < max && mail_load(path, &out[got]) == 0 &&
		    (to == NULL || strcasecmp(out[got].rcpt, to) == 0))
			got++;
		else if (got < max)
			mail_free(&out[got]);
		free(names[i]);
	}
	free(names);
	return got;
}

/* Waits until the sink holds at least want messages for to; how many. */
static int
wait_mails(const char *to, int want, struct tmail *out, int max)
{
	int	 n = 0;

	for (long waited = 0; waited <= WAIT_MS; waited += 200) {
		for (int i = 0; i < n; i++)
			mail_free(&out[i]);
		if ((n = mails_for(to, out, max)) >= want)
			return n;
		t_msleep(200);
	}
	return n;
}

static void
mails_free(struct tmail *m, int n)
{
	for (int i = 0; i < n; i++)
		mail_free(&m[i]);
}

/* The first "$RISE_TEST_URL/assess/<token>" in s: its token into tok. */
static int
find_link(const char *s, char *tok, size_t toksz)
{
	char		 pre[256];
	const char	*p, *e;

	snprintf(pre, sizeof(pre), "%s/assess/", t_base_url());
	if (s == NULL || (p = strstr(s, pre)) == NULL)
		return -1;
	p += strlen(pre);
	for (e = p; *e != '\0' && strchr(" \t\r\n\"<", *e) == NULL; e++)
		continue;
	if ((size_t)(e - p) >= toksz)
		return -1;
	memcpy(tok, p, (size_t)(e - p));
	tok[e - p] = '\0';
	return 0;
}

/* The link token tok opens its assessment's questions. */
static int
link_works(const char *tok)
{
	struct tres	 r = {0};
	char		 h[320];
	int		 ok;

	snprintf(h, sizeof(h), "X-Assessment-Token: %.256s", tok);
	t_reqh(&r, "GET", "/v1/questions", NULL, (const char *[]){ h, NULL }, NULL);
	ok = T_STATUS(&r, 200);
	t_free(&r);
	return ok;
}

/* A new assessment of u for client name and address to. */
static int
asm_new_at(const struct tuser *u, const char *name, const char *to,
    const char *business, const char *type, struct tasm *a, const char *file,
    int line)
{
	return t_asm_new_at(u, a, file, line,
	    "{\"clientName\":%s,\"clientEmail\":%s,\"businessName\":%s,"
	    "\"industry\":\"Retail\",\"assessmentType\":%s}", t_q(name), t_q(to),
	    t_q(business), t_q(type));
}
#define ASM_NEW(u, name, to, business, type, a) \
	asm_new_at((u), (name), (to), (business), (type), (a), __FILE__, __LINE__)

/* Rows of the outbox for assessment id (a checked id) of kind. */
static long
outbox_count(const char *id, const char *kind)
{
	char	out[32];

	if (!t_is_asm_id(id) || SQL(out, sizeof(out), "SELECT count(*) FROM "
	    "mail_outbox WHERE assessment_id = '%s' AND kind = '%s'", id, kind) == -1)
		return -1;
	return atol(out);
}

/* The common checks of a message to the client of a. */
static void
check_client_mail(const struct tmail *m, const struct tasm *a, const char *to,
    const char *subject)
{
	char	 v[1024], tok[256];

	T_CHECKF(NULL, m->nrcpt == 1 && strcasecmp(m->rcpt, to) == 0,
	    "%s: one recipient, %s (got %d, %s)", m->file, to, m->nrcpt, m->rcpt);
	T_CHECKF(NULL, header(m, "To", v, sizeof(v)) == 1 && strstr(v, to) != NULL,
	    "%s: one To header naming %s (%s)", m->file, to, v);
	T_CHECKF(NULL, header(m, "Subject", v, sizeof(v)) == 1 &&
	    strcmp(v, subject) == 0, "%s: Subject \"%s\" (got \"%s\")", m->file,
	    subject, v);
	T_CHECKF(NULL, header(m, "From", v, sizeof(v)) == 1 &&
	    strcmp(v, "\"RISE Suite\" <no-reply@rise.local>") == 0,
	    "%s: From is mail.from (%s)", m->file, v);
	T_CHECKF(NULL, header(m, "Message-ID", v, sizeof(v)) == 1 &&
	    strncmp(v, "<mail_", 6) == 0, "%s: a Message-ID (%s)", m->file, v);
	T_CHECKF(NULL, header(m, "Content-Type", v, sizeof(v)) == 1 &&
	    strncmp(v, "multipart/alternative;", 22) == 0,
	    "%s: multipart/alternative (%s)", m->file, v);
	T_CHECKF(NULL, m->text != NULL && m->html != NULL,
	    "%s: a text and an HTML part", m->file);
	if (!T_CHECKF(NULL, find_link(m->text, tok, sizeof(tok)) == 0 &&
	    strcmp(tok, a->token) == 0, "%s: the text has the link of %s",
	    m->file, a->id))
		return;
	T_CHECKF(NULL, m->html != NULL && strstr(m->html, a->link) != NULL,
	    "%s: the HTML has the link", m->file);
	link_works(tok);
}

/* --- the invitation ------------------------------------------------ */

/*
 * Creating a self-administered assessment mails the client the link,
 * with the consultant's and the firm's names and the deadline; a
 * collaborative one mails nobody.
 */
static void
test_invite_on_create(void)
{
	struct tuser	 u;
	struct tasm	 a, c;
	struct tmail	 m[4];
	char		 to[128], to2[128], subject[256], v[256];
	int		 n;

	if (t_register(&u) == -1)
		return;
	snprintf(to, sizeof(to), "%s", t_unique_email());
	snprintf(to2, sizeof(to2), "%s", t_unique_email());
	if (ASM_NEW(&u, "Jane Client", to2, "Client Co", "collaborative", &c) == -1 ||
	    ASM_NEW(&u, "Jane Client", to, "Client Co", "self-administered", &a) == -1)
		return;
	n = wait_mails(to, 1, m, 4);
	if (!T_CHECKF(NULL, n == 1, "one invitation to %s (got %d)", to, n))
		goto out;
	/* The firm is the organization, named after the consultant here. */
	snprintf(subject, sizeof(subject), "Jane Client, your business assessment "
	    "from %s %s", u.first, u.last);
	check_client_mail(&m[0], &a, to, subject);
	T_CHECKF(NULL, header(&m[0], "Reply-To", v, sizeof(v)) == 1 &&
	    strstr(v, u.email) != NULL, "Reply-To is the consultant (%s)", v);
	T_CHECKF(NULL, strstr(m[0].text, "Client Co") != NULL &&
	    strstr(m[0].text, " UTC") != NULL && strstr(m[0].text, u.first) != NULL,
	    "the text names the business, the consultant and the deadline:\n%s",
	    m[0].text);
	T_CHECKF(NULL, outbox_count(c.id, "invite") == 0,
	    "no invitation for a collaborative assessment");
	T_CHECKF(NULL, mails_for(to2, m + 1, 1) == 0,
	    "nothing reached the collaborative assessment's client");
out:
	mails_free(m, n);
}

/*
 * POST /v1/assessments/:id/invite queues the invitation again: 202, the
 * same link; 404 for another consultant's or an unknown assessment, 401
 * without a token, 409 once completed or expired.
 */
static void
test_invite_endpoint(void)
{
	struct tuser	 u, other, admin;
	struct tasm	 a, done, old;
	struct tres	 r = {0};
	struct tmail	 m[4];
	char		 to[128], path[96], subject[256];
	int		 n = 0;

	if (t_register(&u) == -1 || t_register(&other) == -1 || ADMIN_NEW(&admin) == -1)
		return;
	snprintf(to, sizeof(to), "%s", t_unique_email());
	if (ASM_NEW(&u, "Ivan Invite", to, "Invite Inc", "self-administered", &a) == -1)
		return;
	snprintf(path, sizeof(path), "/v1/assessments/%s/invite", a.id);
	t_req(&r, "POST", path, u.access, NULL);
	if (T_STATUS(&r, 202)) {
		T_STR(&r, "assessmentId", a.id);
		T_CHECK(&r, t_bool(&r, "queued") == 1);
		T_COMMON(&r);
	}
	t_req(&r, "POST", path, admin.access, NULL);
	T_STATUS(&r, 202);
	t_req(&r, "POST", path, other.access, NULL);
	T_ERROR(&r, 404, "NOT_FOUND");
	t_req(&r, "POST", path, NULL, NULL);
	T_ERROR(&r, 401, "UNAUTHORIZED");
	t_req(&r, "POST", "/v1/assessments/asm_00000000000000000000/invite",
	    u.access, NULL);
	T_ERROR(&r, 404, "NOT_FOUND");
	/* Three invitations: at creation, by the owner, by an admin. */
	n = wait_mails(to, 3, m, 4);
	snprintf(subject, sizeof(subject), "Ivan Invite, your business assessment "
	    "from %s %s", u.first, u.last);
	if (T_CHECKF(NULL, n == 3, "three invitations to %s (got %d)", to, n))
		for (int i = 0; i < n; i++)
			check_client_mail(&m[i], &a, to, subject);
	mails_free(m, n);

	if (ASM_NEW(&other, "Carl Done", t_unique_email(), "Done Ltd",
	    "self-administered", &done) == -1 ||
	    t_asm_answer_at(&done, &t_prof_b, 0, t_prof_b.n, 1, __FILE__, __LINE__) == -1)
		goto out;
	snprintf(path, sizeof(path), "/v1/assessments/%s/invite", done.id);
	t_req(&r, "POST", path, other.access, NULL);
	T_ERROR(&r, 409, "CONFLICT");
	if (ASM_NEW(&other, "Olga Old", t_unique_email(), "Old Ltd",
	    "self-administered", &old) == -1 || ASM_EXPIRE(old.id) == -1)
		goto out;
	snprintf(path, sizeof(path), "/v1/assessments/%s/invite", old.id);
	t_req(&r, "POST", path, other.access, NULL);
	T_ERROR(&r, 409, "CONFLICT");
out:
	t_free(&r);
}

/* rate_limit.invite: 5 an hour per consultant; the 6th is 429. */
static void
test_invite_rate_limit(void)
{
	struct tuser	 u;
	struct tasm	 a;
	struct tres	 r = {0};
	char		 path[96];

	if (t_register(&u) == -1 || ASM_NEW(&u, "Rita Rate", t_unique_email(),
	    "Rate Co", "self-administered", &a) == -1)
		return;
	snprintf(path, sizeof(path), "/v1/assessments/%s/invite", a.id);
	for (int i = 1; i <= 5; i++) {
		t_req(&r, "POST", path, u.access, NULL);
		if (!T_STATUS(&r, 202))
			goto out;
		T_CHECKF(&r, t_header_int(&r, "X-RateLimit-Limit") == 5,
		    "X-RateLimit-Limit is 5");
	}
	t_req(&r, "POST", path, u.access, NULL);
	T_ERROR(&r, 429, "RATE_LIMIT_EXCEEDED");
	T_CHECKF(NULL, outbox_count(a.id, "invite") == 6,
	    "six invitations queued: at creation and five of the endpoint's");
out:
	t_free(&r);
}

/* --- header injection and encodings -------------------------------- */

/* The Subject's start when the client name carries CR LF and headers. */
#define INJECTED_SUBJECT	"Eve  Bcc: evil@example.com  X-Evil: 1, your"

/* True if s is printable ASCII: no CR, LF or 8-bit byte in a header. */
static int
printable(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return 0;
	return 1;
}

/*
 * A client name holding CR LF and "Bcc: ..." gives no Bcc header, no
 * second recipient and a one-line Subject; a non-ASCII name is RFC 2047
 * encoded.
 */
static void
test_header_injection(void)
{
	struct tuser	 u;
	struct tasm	 a, b;
	struct tmail	 m[2], all[512];
	char		 to[128], to2[128], v[1024];
	const char	*p;
	int		 n, k, total;

	if (t_register(&u) == -1)
		return;
	snprintf(to, sizeof(to), "%s", t_unique_email());
	if (ASM_NEW(&u, "Eve\r\nBcc: evil@example.com\r\nX-Evil: 1", to,
	    "Evil\r\nCc: evil2@example.com", "self-administered", &a) == -1)
		return;
	n = wait_mails(to, 1, m, 2);
	if (!T_CHECKF(NULL, n == 1, "one invitation to %s (got %d)", to, n))
		goto out;
	T_CHECKF(NULL, m[0].nrcpt == 1, "one recipient (got %d)", m[0].nrcpt);
	T_CHECKF(NULL, header(&m[0], "Bcc", NULL, 0) == 0 &&
	    header(&m[0], "Cc", NULL, 0) == 0 && header(&m[0], "X-Evil", NULL, 0) == 0,
	    "no Bcc, Cc or X-Evil header:\n%s", m[0].head);
	/* Every header line is a "Name: value" line; none continues another. */
	for (p = m[0].head; *p != '\0'; p = strstr(p, "\r\n") + 2)
		if (!T_CHECKF(NULL, *p != ' ' && *p != '\t' && strchr(p, ':') != NULL &&
		    strchr(p, ':') < strstr(p, "\r\n"), "a header line of its own: %.60s", p))
			break;
	T_CHECKF(NULL, header(&m[0], "Subject", v, sizeof(v)) == 1 &&
	    strncmp(v, INJECTED_SUBJECT, strlen(INJECTED_SUBJECT)) == 0,
	    "the Subject is one line, CR LF made spaces (%s)", v);
	T_CHECKF(NULL, header(&m[0], "To", v, sizeof(v)) == 1 &&
	    strncmp(v, "\"Eve  Bcc:", 10) == 0, "the To name is quoted (%s)", v);
	total = mails_for(NULL, all, 512);
	for (k = 0; k < total; k++)
		if (strstr(all[k].rcpt, "evil") != NULL)
			break;
	T_CHECKF(NULL, k == total, "no mail went to evil@example.com");
	mails_free(all, total);
	mails_free(m, n);

	/* Non-ASCII display name and subject: encoded-words, decodable. */
	snprintf(to2, sizeof(to2), "%s", t_unique_email());
	if (ASM_NEW(&u, "Zoë Ünal-Łukasz", to2, "Café Crème", "self-administered",
	    &b) == -1)
		return;
	n = wait_mails(to2, 1, m, 2);
	if (!T_CHECKF(NULL, n == 1, "one invitation to %s (got %d)", to2, n))
		goto out;
	T_CHECKF(NULL, header(&m[0], "Subject", v, sizeof(v)) == 1 &&
	    strncmp(v, "=?UTF-8?B?", 10) == 0 && printable(v),
	    "the Subject is encoded-words in ASCII (%s)", v);
	T_CHECKF(NULL, header(&m[0], "To", v, sizeof(v)) == 1 &&
	    strncmp(v, "=?UTF-8?B?", 10) == 0 && strstr(v, to2) != NULL,
	    "the To name is an encoded-word (%s)", v);
	T_CHECKF(NULL, m[0].text != NULL && strstr(m[0].text, "Zoë Ünal-Łukasz") != NULL &&
	    strstr(m[0].html, "Café Crème") != NULL,
	    "the bodies carry the names in UTF-8");
out:
	mails_free(m, n);
}

/* --- the consultant's notice --------------------------------------- */

/*
 * The client's final submission mails the consultant, unless the
 * consultant's settings.emailNotifications is false.
 */
static void
test_completed_notice(void)
{
	struct tuser	 u, quiet;
	struct tasm	 a, q;
	struct tres	 r = {0};
	struct tmail	 m[2];
	char		 v[512], subject[256], url[256];
	int		 n = 0;

	if (t_register(&u) == -1 || t_register(&quiet) == -1)
		return;
	t_req(&r, "PATCH", "/v1/users/me", quiet.access,
	    "{\"settings\":{\"emailNotifications\":false}}");
	if (!T_STATUS(&r, 200))
		goto out;
	if (ASM_NEW(&u, "Nora Notice", t_unique_email(), "Notice GmbH",
	    "self-administered", &a) == -1 ||
	    ASM_NEW(&quiet, "Quinn Quiet", t_unique_email(), "Quiet AB",
	    "self-administered", &q) == -1 ||
	    t_asm_answer_at(&q, &t_prof_b, 0, t_prof_b.n, 1, __FILE__, __LINE__) == -1 ||
	    t_asm_answer_at(&a, &t_prof_b, 0, 10, 0, __FILE__, __LINE__) == -1)
		goto out;
	T_CHECKF(NULL, outbox_count(a.id, "completed") == 0,
	    "no notice while the client is answering");
	if (t_asm_answer_at(&a, &t_prof_b, 10, t_prof_b.n, 1, __FILE__, __LINE__) == -1)
		goto out;
	n = wait_mails(u.email, 1, m, 2);
	if (!T_CHECKF(NULL, n == 1, "one notice to %s (got %d)", u.email, n))
		goto out;
	T_CHECKF(NULL, m[0].nrcpt == 1, "one recipient (got %d)", m[0].nrcpt);
	snprintf(subject, sizeof(subject), "Nora Notice completed the assessment "
	    "for Notice GmbH");
	T_CHECKF(NULL, header(&m[0], "Subject", v, sizeof(v)) == 1 &&
	    strcmp(v, subject) == 0, "Subject \"%s\" (got \"%s\")", subject, v);
	T_CHECKF(NULL, header(&m[0], "To", v, sizeof(v)) == 1 &&
	    strstr(v, u.email) != NULL, "To is the consultant (%s)", v);
	snprintf(url, sizeof(url), "%s/assessments/%s", t_base_url(), a.id);
	T_CHECKF(NULL, m[0].text != NULL && strstr(m[0].text, url) != NULL &&
	    strstr(m[0].html, url) != NULL, "both parts link to %s", url);
	T_CHECKF(NULL, outbox_count(q.id, "completed") == 0,
	    "no notice for a consultant who turned notifications off");
	T_CHECKF(NULL, mails_for(quiet.email, m + 1, 1) == 0,
	    "nothing reached %s", quiet.email);
out:
	mails_free(m, n);
	t_free(&r);
}

/* --- the reminder -------------------------------------------------- */

#define REMINDER_SUBJECT	"Reminder: your business assessment closes on "

/*
 * 48 hours before expiresAt the unfinished client gets one reminder with
 * the link; a collaborative, a completed or a far-off one gets none.
 */
static void
test_reminder(void)
{
	struct tuser	 u;
	struct tasm	 a, collab, later, done;
	struct tmail	 m[4];
	char		 to[128], out[64], v[256];
	int		 n = 0, k;

	if (t_register(&u) == -1)
		return;
	snprintf(to, sizeof(to), "%s", t_unique_email());
	if (ASM_NEW(&u, "Rex Remind", to, "Remind Co", "self-administered", &a) == -1 ||
	    ASM_NEW(&u, "Cleo Collab", t_unique_email(), "Collab Co",
	    "collaborative", &collab) == -1 ||
	    ASM_NEW(&u, "Lena Later", t_unique_email(), "Later Co",
	    "self-administered", &later) == -1 ||
	    ASM_NEW(&u, "Dora Done", t_unique_email(), "Done Co",
	    "self-administered", &done) == -1 ||
	    t_asm_answer_at(&done, &t_prof_b, 0, t_prof_b.n, 1, __FILE__, __LINE__) == -1)
		return;
	/* Due: 24 hours left (the 48-hour window); later: 72 hours left. */
	if (SQL(out, sizeof(out), "UPDATE assessments SET expires_at = CASE id "
	    "WHEN '%s' THEN now() + interval '72 hours' ELSE now() + interval "
	    "'24 hours' END WHERE id IN ('%s', '%s', '%s', '%s') RETURNING id",
	    later.id, a.id, collab.id, later.id, done.id) == -1)
		return;
	/* The invitation, then the reminder at the mailer's next scan. */
	n = wait_mails(to, 2, m, 4);
	if (!T_CHECKF(NULL, n == 2, "an invitation and a reminder to %s (got %d)",
	    to, n))
		goto out;
	k = header(&m[0], "Subject", v, sizeof(v)) == 1 &&
	    strncmp(v, REMINDER_SUBJECT, strlen(REMINDER_SUBJECT)) == 0 ? 0 : 1;
	T_CHECKF(NULL, header(&m[k], "Subject", v, sizeof(v)) == 1 &&
	    strncmp(v, REMINDER_SUBJECT, strlen(REMINDER_SUBJECT)) == 0 &&
	    strstr(v, " UTC") != NULL, "one of them is the reminder (%s)", v);
	check_client_mail(&m[k], &a, to, v);
	/* Further scans (every second here) queue no second reminder. */
	t_msleep(2500);
	T_CHECKF(NULL, outbox_count(a.id, "reminder") == 1, "one reminder queued");
	mails_free(m, n);
	n = mails_for(to, m, 4);
	T_CHECKF(NULL, n == 2, "no second reminder reached %s (got %d)", to, n);
	T_CHECKF(NULL, outbox_count(collab.id, "reminder") == 0 &&
	    outbox_count(later.id, "reminder") == 0 &&
	    outbox_count(done.id, "reminder") == 0,
	    "no reminder for a collaborative, a far-off or a completed assessment");
out:
	mails_free(m, n);
}

/* --- risectl ------------------------------------------------------- */

/* risectl mail list shows the outbox; risectl mail show one message. */
static void
test_risectl_mail(void)
{
	struct tuser	 u;
	struct tasm	 a;
	struct tmail	 m[1];
	char		 to[128], id[64], cmd[512], *out = NULL;
	int		 n;

	if (t_register(&u) == -1)
		return;
	snprintf(to, sizeof(to), "%s", t_unique_email());
	if (ASM_NEW(&u, "Ctl Client", to, "Ctl Co", "self-administered", &a) == -1)
		return;
	if ((n = wait_mails(to, 1, m, 1)) != 1) {
		T_CHECKF(NULL, 0, "the invitation to %s arrived", to);
		mails_free(m, n);
		return;
	}
	mails_free(m, n);
	if (SQL(id, sizeof(id), "SELECT id FROM mail_outbox WHERE assessment_id = '%s'",
	    a.id) == -1 || !T_CHECKF(NULL, t_is_id(id, "mail_"), "a mail id (%s)", id))
		return;
	snprintf(cmd, sizeof(cmd), "\"$RISE_TEST_RISECTL\" mail list --limit 1000");
	T_CHECKF(NULL, t_run_cmd(cmd, &out, NULL) == 0 && strstr(out, id) != NULL &&
	    strstr(out, to) != NULL && strstr(out, "Ctl Client, your business") != NULL,
	    "risectl mail list shows %s", id);
	free(out);
	snprintf(cmd, sizeof(cmd), "\"$RISE_TEST_RISECTL\" mail show %s", id);
	T_CHECKF(NULL, t_run_cmd(cmd, &out, NULL) == 0 &&
	    strstr(out, "Status: sent") != NULL && strstr(out, "Message-ID: <") != NULL &&
	    strstr(out, id) != NULL, "risectl mail show %s", id);
	free(out);
}

/* --- exactly once (last: it kills a mailer) ------------------------ */

/* The live pids of $RISE_TEST_MAILER_PIDS. */
static int
mailers(pid_t *pids, int max)
{
	const char	*env = getenv("RISE_TEST_MAILER_PIDS");
	char		*end;
	long		 v;
	int		 n = 0;

	for (const char *p = env ? env : ""; *p != '\0' && n < max; p = end) {
		v = strtol(p, &end, 10);
		if (end == p)
			break;
		if (v > 0 && kill((pid_t)v, 0) == 0)
			pids[n++] = (pid_t)v;
	}
	return n;
}

/* True while the sink holds a sender before its 354 (a stall-N file). */
static bool
sink_stalling(void)
{
	DIR		*d;
	struct dirent	*e;
	bool		 yes = false;

	if (mail_dir() == NULL || (d = opendir(mail_dir())) == NULL)
		return false;
	while (!yes && (e = readdir(d)) != NULL)
		yes = strncmp(e->d_name, "stall-", 6) == 0;
	closedir(d);
	return yes;
}

/*
 * Twenty invitations queued while the mailers are stopped (SIGSTOP).
 * One mailer goes on alone; the sink holds each of these mails 0.15 s
 * before its 354.  Once three have arrived and the mailer is held in
 * the middle of an exchange, it is killed (SIGKILL) and the others go
 * on.  The killed mailer's mail stays claimed until its lease (5 s)
 * runs out, and another mailer sends it.  Every mail reaches the sink
 * exactly once, under its outbox id's Message-ID, the outbox shows
 * every one sent, and the killed mailer's mail was claimed twice.
 */
static void
test_exactly_once(void)
{
	enum { BATCH = 20 };
	struct tuser	 u;
	struct tasm	 a;
	struct tmail	*all = NULL, one[1];
	pid_t		 pids[MAX_MAILERS];
	char		 to[BATCH][128], ids[BATCH][64], v[256], mid[256], out[64];
	int		 i, k, c, n = 0, np, arrived = 0, once = 0;
	bool		 held = false;

	np = mailers(pids, MAX_MAILERS);
	if (!T_CHECKF(NULL, np >= 2, "two live mailers in RISE_TEST_MAILER_PIDS (%d)", np) ||
	    t_register(&u) == -1)
		return;
	for (i = 0; i < np; i++)
		kill(pids[i], SIGSTOP);
	for (i = 0; i < BATCH; i++) {
		snprintf(to[i], sizeof(to[i]), "slow.%s", t_unique_email());
		if (ASM_NEW(&u, "Batch Client", to[i], "Batch Co",
		    "self-administered", &a) == -1)
			break;
		if (SQL(ids[i], sizeof(ids[i]), "SELECT id FROM mail_outbox "
		    "WHERE assessment_id = '%s'", a.id) == -1)
			break;
	}
	kill(pids[0], SIGCONT);
	if (!T_CHECKF(NULL, i == BATCH, "%d assessments created", BATCH)) {
		for (k = 1; k < np; k++)
			kill(pids[k], SIGCONT);
		return;
	}
	/* Three arrived, and the one running mailer is inside an exchange. */
	for (long w = 0; w < WAIT_MS && !held; w += 5) {
		for (arrived = 0, i = 0; i < BATCH; i++) {
			c = mails_for(to[i], one, 1);
			arrived += c;
			mails_free(one, c);
		}
		if (arrived >= 3 && sink_stalling() && kill(pids[0], SIGKILL) == 0)
			held = true;
		else
			t_msleep(5);
	}
	for (k = 1; k < np; k++)
		kill(pids[k], SIGCONT);
	if (!T_CHECKF(NULL, held, "killed mailer %d in the middle of an exchange "
	    "(%d of %d arrived)", (int)pids[0], arrived, BATCH))
		kill(pids[0], SIGKILL);
	/* The killed mailer's lease runs out; the others send the rest. */
	for (long w = 0; w < 3 * WAIT_MS; w += 500) {
		if (SQL(out, sizeof(out), "SELECT count(*) FROM mail_outbox m "
		    "JOIN users u ON u.org_id = m.org_id WHERE u.id = '%s' "
		    "AND m.status = 'sent'", u.id) == -1)
			return;
		if (atoi(out) >= BATCH)
			break;
		t_msleep(500);
	}
	T_CHECKF(NULL, atoi(out) == BATCH, "the outbox shows all %d sent (%s)", BATCH, out);
	if ((all = calloc(4 * BATCH, sizeof(*all))) == NULL)
		abort();
	for (i = 0; i < BATCH; i++) {
		n = mails_for(to[i], all, 4 * BATCH);
		snprintf(v, sizeof(v), "<%.60s@", ids[i]);
		for (k = 0; k < n; k++) {
			T_CHECKF(NULL, header(&all[k], "Message-ID", mid, sizeof(mid)) == 1 &&
			    strncmp(mid, v, strlen(v)) == 0,
			    "the mail to %s is outbox mail %s (%s)", to[i], ids[i], mid);
		}
		mails_free(all, n);
		once += n == 1;
		T_CHECKF(NULL, n == 1, "mail %s reached the sink exactly once (%d)", ids[i], n);
	}
	free(all);
	/* The mail in hand when the mailer died was claimed a second time. */
	if (SQL(out, sizeof(out), "SELECT count(*) FROM mail_outbox m "
	    "JOIN users u ON u.org_id = m.org_id WHERE u.id = '%s' "
	    "AND m.attempts = 2", u.id) != -1)
		T_CHECKF(NULL, atoi(out) == 1, "one mail was taken over after the kill (%s)", out);
	printf("killed mailer %d in an exchange when %d of %d had arrived; %d of %d "
	    "arrived exactly once ", (int)pids[0], arrived, BATCH, once, BATCH);
}

void
suite_mail(void)
{
	CU_pSuite	 s = t_suite("mail");

	T_ADD(s, test_invite_on_create);
	T_ADD(s, test_invite_endpoint);
	T_ADD(s, test_invite_rate_limit);
	T_ADD(s, test_header_injection);
	T_ADD(s, test_completed_notice);
	T_ADD(s, test_reminder);
	T_ADD(s, test_risectl_mail);
	/* Last: it kills one of the two mailers. */
	T_ADD(s, test_exactly_once);
}
