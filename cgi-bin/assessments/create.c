/* create.c: POST /v1/assessments. */
#include <stdio.h>
#include <string.h>

#include "assess.h"
#include "input.h"
#include "link.h"
#include "resp.h"
#include "serve.h"
#include "valid.h"

#include "extern.h"

/*
 * Creates an assessment for the caller's client, with its unique link.
 * 201 with the created object (status "pending", uniqueLink, expiresAt
 * assessment.expiry_days on); 400 VALIDATION_ERROR naming every bad or
 * unknown field.
 */
int
asm_create(struct req *r)
{
	static const char *const fields[] = { "clientName", "clientEmail",
	    "businessName", "industry", "assessmentType", "notes", NULL };
	static const char *const types[] = { "self-administered", "collaborative", NULL };
	struct in	 in;
	const char	*name, *email, *business, *industry, *type, *notes;
	char		 id[UTIL_ID_MAX], secret[LINK_SECRET_MAX], hash[65];
	char		 salthex[2 * LINK_SALT_LEN + 1], days[16];
	uint8_t		 salt[LINK_SALT_LEN];
	PGresult	*res;
	int		 st;

	in_init(&in, r->json);
	in_only(&in, fields, "Unknown field");
	name = in_str(&in, "clientName", IN_REQUIRED, 200);
	if ((email = in_str(&in, "clientEmail", IN_REQUIRED, 254)) != NULL &&
	    !valid_email(email))
		in_error(&in, "clientEmail", "Invalid email format");
	business = in_str(&in, "businessName", IN_REQUIRED, 200);
	industry = in_str(&in, "industry", IN_NULLABLE, 100);
	type = in_enum(&in, "assessmentType", IN_REQUIRED, types);
	notes = in_str(&in, "notes", IN_NULLABLE | IN_EMPTY_OK, 5000);
	if (!in_ok(&in)) {
		st = in_fail(r, &in);
		goto out;
	}
	if (util_id(id, "asm_") != APP_OK || util_random(salt, sizeof(salt)) != APP_OK) {
		st = resp_error(r, RESP_INTERNAL_ERROR, NULL, NULL);
		goto out;
	}
	util_hex(salthex, salt, sizeof(salt));
	link_secret(&r->app->key, id, salt, secret);
	link_hash_hex(secret, hash);
	explicit_bzero(secret, sizeof(secret));
	snprintf(days, sizeof(days), "%ld", r->app->cfg.expiry_days);
	res = DB_Q(r->app->db, STMT_ASM_INSERT, id, r->who.org_id, r->who.user_id,
	    name, email, business, industry, type, notes, salthex, hash, days);
	if (res == NULL) {
		st = resp_db_error(r);
		goto out;
	}
	st = resp_ok(r, 201, assess_json(r, res, 0, ASSESS_VIEW_CREATED));
	PQclear(res);
out:
	in_free(&in);
	return st;
}
