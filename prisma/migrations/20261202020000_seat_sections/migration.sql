-- Seat sections: each date is split into named ranges of seats, each with its own price. A seat's
-- `grade` is the name of its section, and its `price` starts as the section's; this table keeps the
-- ranges themselves for the seat map's legend and the sales per section.
CREATE TABLE "schedule_sections" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "schedule_id" UUID NOT NULL,
    "name" VARCHAR(20) NOT NULL,
    "from_seat" INTEGER NOT NULL,
    "to_seat" INTEGER NOT NULL,
    "price" INTEGER NOT NULL,

    CONSTRAINT "schedule_sections_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "schedule_sections_range_check" CHECK ("from_seat" >= 1 AND "to_seat" >= "from_seat"),
    CONSTRAINT "schedule_sections_price_check" CHECK ("price" >= 0 AND "price" <= 10000000)
);

CREATE UNIQUE INDEX "schedule_sections_schedule_id_name_key" ON "schedule_sections"("schedule_id", "name");
CREATE UNIQUE INDEX "schedule_sections_schedule_id_from_seat_key" ON "schedule_sections"("schedule_id", "from_seat");

ALTER TABLE "schedule_sections" ADD CONSTRAINT "schedule_sections_schedule_id_fkey"
    FOREIGN KEY ("schedule_id") REFERENCES "schedules"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Every date made before sections keeps one section, all its seats at the date's price, named as
-- its seats' grade.
INSERT INTO "schedule_sections" ("schedule_id", "name", "from_seat", "to_seat", "price")
SELECT sc."id",
       COALESCE((SELECT s."grade" FROM "seats" s WHERE s."schedule_id" = sc."id" ORDER BY s."seat_number" LIMIT 1), 'STANDARD'),
       1, sc."total_seats", sc."price"
  FROM "schedules" sc;
