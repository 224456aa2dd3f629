-- Tickets checked in at the door. A ticket is a seat of a paid reservation, named by the pair
-- (reservation, seat number) that its signed code carries; the primary key admits it once.
--   checked_in_at  when staff first checked it in
--   checked_in_by  the staff login that did
CREATE TABLE "check_ins" (
    "reservation_id" UUID NOT NULL,
    "seat_number" INTEGER NOT NULL,
    "checked_in_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "checked_in_by" VARCHAR(100) NOT NULL,

    CONSTRAINT "check_ins_pkey" PRIMARY KEY ("reservation_id", "seat_number")
);

ALTER TABLE "check_ins" ADD CONSTRAINT "check_ins_reservation_id_fkey"
    FOREIGN KEY ("reservation_id") REFERENCES "reservations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
