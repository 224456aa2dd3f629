-- Staff accounts: each signs in with their own login and password (argon2id, PHC string). The
-- first owner is made from ADMIN_PASSWORD at start when the table is empty.
CREATE TABLE "staff" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "login" VARCHAR(100) NOT NULL,
    "password_hash" VARCHAR(200) NOT NULL,
    "role" VARCHAR(10) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "staff_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "staff_role_check" CHECK ("role" IN ('owner', 'staff'))
);

CREATE UNIQUE INDEX "staff_login_key" ON "staff"("login");

-- One row per signed-in admin token: every admin request reads its row, so deleting it (signing
-- out, a changed password, the account removed by cascade) ends the token on every instance at once.
CREATE TABLE "staff_sessions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "staff_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "staff_sessions_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "staff_sessions_staff_id_fkey" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE INDEX "staff_sessions_staff_id_idx" ON "staff_sessions"("staff_id");

-- The audit log's filters (GET /admin/audit?actor=&action=&targetType=), newest first.
CREATE INDEX "admin_audit_actor_at_idx" ON "admin_audit"("actor", "at" DESC);
