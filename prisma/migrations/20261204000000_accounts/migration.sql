-- Accounts: a guest who sets an email and password keeps their user (and its id), so holds,
-- tickets and points stay theirs and follow them to any device. Emails are stored lower case, so
-- the unique index makes them unique whatever their case.
CREATE TABLE "accounts" (
    "user_id" UUID NOT NULL,
    "email" VARCHAR(254) NOT NULL,
    "password_hash" VARCHAR(200) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "accounts_pkey" PRIMARY KEY ("user_id"),
    CONSTRAINT "accounts_email_lower_check" CHECK ("email" = lower("email")),
    CONSTRAINT "accounts_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE UNIQUE INDEX "accounts_email_key" ON "accounts"("email");
-- Each instance reads the accounts made recently (src/server/accounts/access.ts).
CREATE INDEX "accounts_created_at_idx" ON "accounts"("created_at");

-- One signed-in device of an account. Only the sha256 of its refresh token is kept, and of the one
-- it replaced: presenting that one again (a stolen copy) revokes the session.
CREATE TABLE "account_sessions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "refresh_hash" CHAR(64) NOT NULL,
    "previous_hash" CHAR(64),
    "rotated_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "account_sessions_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "account_sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE UNIQUE INDEX "account_sessions_refresh_hash_key" ON "account_sessions"("refresh_hash");
CREATE INDEX "account_sessions_user_id_idx" ON "account_sessions"("user_id");
CREATE INDEX "account_sessions_previous_hash_idx" ON "account_sessions"("previous_hash");

-- One-time password reset links (the sha256 of the token only), valid for 30 minutes.
CREATE TABLE "password_resets" (
    "token_hash" CHAR(64) NOT NULL,
    "user_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),

    CONSTRAINT "password_resets_pkey" PRIMARY KEY ("token_hash"),
    CONSTRAINT "password_resets_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE INDEX "password_resets_user_id_idx" ON "password_resets"("user_id");

-- Every mail the service sends; without SMTP_URL the only place it goes (admins read it).
CREATE TABLE "mail_outbox" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "to" VARCHAR(254) NOT NULL,
    "subject" VARCHAR(200) NOT NULL,
    "body" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "mail_outbox_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "mail_outbox_created_at_id_idx" ON "mail_outbox"("created_at" DESC, "id" DESC);
