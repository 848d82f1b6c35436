# Errors and permissions
error-permission-denied = Sorry, this command needs { $required ->
    [admin] an admin
    [organiser] an organiser
   *[other] a higher role
  }.
error-internal = Sorry, something went wrong; it has been logged. Please try again later.
member-not-found = No member { $who }: they need to send /start to the bot first.
member-ref-is-name = "{ $who }" is a name, not a user id or @username (names repeat). The user ids of the members named "{ $who }": { $ids }. Please write the user id instead.
member-ref-is-unknown-name = "{ $who }" is no user id or @username, and no member is named "{ $who }". Please write the member's user id (they see it by sending /me to the bot) or @username.
role-target-is-admin = { $name } is an admin in the config file; the organiser role does not apply.
role-granted = { $name } ({ $id }) is now an organiser.
role-already-organiser = { $name } ({ $id }) is already an organiser.
role-revoked = { $name } ({ $id }) is no longer an organiser.
role-not-organiser = { $name } ({ $id }) is not an organiser.
usage-grant = Usage: /grant user-id or /grant @username
usage-revoke = Usage: /revoke user-id or /revoke @username
