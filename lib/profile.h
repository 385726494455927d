/*
 * profile.h: the signed-in user's own profile, settings and password, as
 * PATCH /v1/users/me and PUT /v1/users/me/password change them; shared
 * by the users API and the web UI's profile page.
 *
 * Functions read their fields from in and return 0 on success; 400 with
 * the validation errors left in in (no response set); or another error
 * status with the response set.
 */
#ifndef RISE_PROFILE_H
#define RISE_PROFILE_H

#include <libpq-fe.h>

#include "input.h"
#include "request.h"

/*
 * Changes firstName, lastName, company, phone (E.164, stored canonical)
 * and settings (emailNotifications, theme) of the caller; absent fields
 * keep their value, null clears company or phone, and any other field is
 * an error.  On success *row is the updated user (USER_COLS) for the
 * caller to PQclear.
 */
int	profile_update(struct req *, struct in *, PGresult **row);

/*
 * Changes the caller's password from currentPassword to newPassword
 * (which must meet the policy and differ) and ends the caller's other
 * sessions; the one making the change stays signed in.  Errors already
 * in in stop it before the current password is checked.
 */
int	profile_password(struct req *, struct in *);

#endif
