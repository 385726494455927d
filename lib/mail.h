/*
 * mail.h: the mails RISE sends, composed and queued in the outbox.
 *
 * Three kinds, each queued in the transaction of the event that causes
 * it: the client's invitation (a self-administered assessment created,
 * or POST /v1/assessments/:id/invite), the client's reminder 48 hours
 * before expiresAt (found by bin/rise-mailer), and the consultant's
 * notice that the client finished (unless settings.emailNotifications
 * is off).  A message is multipart/alternative, text and HTML, rendered
 * from templates/mail/KIND.txt, KIND.html and KIND_subject.txt (a .txt
 * template prints values unescaped, see tmpl.h) with the firm's and the
 * consultant's names, the link and the deadline.  The whole message is
 * stored in the outbox when queued, so what is sent is what was queued.
 *
 * Headers are built so that no value can inject one: every value is
 * cleaned of CR, LF and other control characters, display names are
 * quoted or RFC 2047-encoded, subjects encoded when not plain ASCII,
 * addresses must pass valid_email.  Bodies are quoted-printable UTF-8.
 */
#ifndef RISE_MAIL_H
#define RISE_MAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "app.h"
#include "auth.h"
#include "config.h"
#include "html.h"
#include "util.h"

#define MAIL_NAME_MAX	256		/* a display name, in bytes */
#define MAIL_ADDR_MAX	256		/* an address, in bytes */

enum mail_kind {
	MAIL_INVITE,		/* the link, to the client */
	MAIL_REMINDER,		/* the link again, 48 hours before it expires */
	MAIL_COMPLETED,		/* to the consultant: the client finished */
	MAIL_KIND__MAX
};

/* "invite", "reminder", "completed": the outbox's kind and the templates'. */
const char	*mail_kind_name(enum mail_kind);

/*
 * Splits a mailbox, "Display Name <addr@example.com>" or a bare
 * "addr@example.com", into name ("" if none) and addr.  Returns false if
 * addr fails valid_email, either part does not fit, or the text holds a
 * control character.
 */
bool		 mail_addr_parse(const char *spec, char name[MAIL_NAME_MAX],
		    char addr[MAIL_ADDR_MAX]);

/*
 * Header value encoders, appending to b.  mail_hdr_text: unstructured
 * text (a subject) on one line, control characters as spaces, as is if
 * printable ASCII, else as RFC 2047 "B" encoded-words split on UTF-8
 * character boundaries.  mail_hdr_mailbox: name and address as
 * "\"Name\" <addr>" (name quoted, or encoded-words if not ASCII; left out
 * if empty), false (nothing appended) if addr fails valid_email.
 */
void		 mail_hdr_text(struct html_buf *b, const char *s);
bool		 mail_hdr_mailbox(struct html_buf *b, const char *name,
		    const char *addr);

/*
 * Appends len bytes as a quoted-printable body (RFC 2045): lines end in
 * CRLF, none longer than 76 characters, a line's leading "." encoded.
 */
void		 mail_qp(struct html_buf *b, const char *s, size_t len);

/* What a message is made of; mail_build reads it. */
struct mail_msg {
	const char	*id;		/* the outbox id: Message-ID <id@domain> */
	time_t		 date;
	const char	*from;		/* a mailbox as mail.from */
	const char	*to_name;	/* may be NULL or "" */
	const char	*to_addr;
	const char	*reply_name;	/* Reply-To, may be NULL */
	const char	*reply_addr;	/* NULL for no Reply-To */
	const char	*subject;	/* UTF-8; cleaned here */
	const char	*text;		/* UTF-8 bodies, lines ending in LF */
	const char	*html;
};

/*
 * The RFC 5322 message of m, CRLF line ends, as a string the caller
 * frees (*len its length, len may be NULL).  APP_ERR_INVALID if from,
 * to_addr or reply_addr is not a valid address; APP_ERR_NOMEM.
 */
enum app_err	 mail_build(const struct mail_msg *m, char **out, size_t *len);

struct db;

/*
 * Composes mail kind about assessment aid and queues it in the outbox
 * inside the current transaction, whose tenant must see the assessment;
 * a sender wakes when it commits.  The templates are loaded from
 * templates_dir/mail on first use and kept for the process.  On success
 * out_id is the new mail's id, or "" if nothing was queued: the
 * assessment is unknown or deleted, a completion notice whose consultant
 * turned notifications off, a reminder already queued.  Returns
 * APP_ERR_DB (db_sqlstate says why), APP_ERR_INVALID (a template or an
 * address is bad: logged), APP_ERR_IO (templates unreadable), or
 * APP_ERR_NOMEM.
 */
enum app_err	 mail_queue(struct db *, const struct cfg *, const struct auth_key *,
		    enum mail_kind, const char *aid, char out_id[UTIL_ID_MAX]);

/* Frees the templates mail_queue loaded; for a clean exit. */
void		 mail_cleanup(void);

#endif
