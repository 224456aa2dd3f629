-- Live controls of each concert's waiting room, and the admin audit log.

-- The line's settings. NULL on_sale_at: the line opens with the earliest booking_opens_at of the
-- concert's dates; NULL queue_max_active: QUEUE_MAX_ACTIVE; NULL queue_admit_per_minute: no pacing.
-- line_version grows with every change of what the line runs by (these columns, and the dates,
-- through the trigger below), so that the copy kept in Redis is only ever replaced by a newer one.
ALTER TABLE "concerts"
    ADD COLUMN "on_sale_at" TIMESTAMPTZ(3),
    ADD COLUMN "queue_paused" BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN "queue_closed" BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN "queue_max_active" INTEGER,
    ADD COLUMN "queue_admit_per_minute" INTEGER,
    ADD COLUMN "line_version" INTEGER NOT NULL DEFAULT 0,
    ADD CONSTRAINT "concerts_queue_max_active_range" CHECK ("queue_max_active" BETWEEN 1 AND 100000),
    ADD CONSTRAINT "concerts_queue_admit_per_minute_range" CHECK ("queue_admit_per_minute" BETWEEN 1 AND 1000000);

-- A date's booking window decides when its concert's line opens (unless on_sale_at is set).
CREATE FUNCTION "bump_line_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        UPDATE "concerts" SET "line_version" = "line_version" + 1 WHERE "id" = OLD."concert_id";
    END IF;
    IF TG_OP <> 'DELETE' THEN
        UPDATE "concerts" SET "line_version" = "line_version" + 1 WHERE "id" = NEW."concert_id";
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER "schedules_bump_line_version"
    AFTER INSERT OR DELETE OR UPDATE OF "booking_opens_at", "concert_id" ON "schedules"
    FOR EACH ROW EXECUTE FUNCTION "bump_line_version"();

-- Who changed what, when: one row per admin action, with the state before and after.
CREATE TABLE "admin_audit" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    "actor" VARCHAR(100) NOT NULL,
    "action" VARCHAR(50) NOT NULL,
    "target_type" VARCHAR(20) NOT NULL,
    "target_id" UUID NOT NULL,
    "before" JSONB,
    "after" JSONB,

    CONSTRAINT "admin_audit_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "admin_audit_at_id_idx" ON "admin_audit"("at" DESC, "id" DESC);
CREATE INDEX "admin_audit_target_id_at_idx" ON "admin_audit"("target_id", "at" DESC);
