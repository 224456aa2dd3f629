-- Cancelled dates and concerts, and refunded reservations.
--   schedules.cancelled_at  set once by a cancellation (of the date or of its concert): holds and
--                           payments of the date are refused from then on
--   concerts.cancelled_at   set once by the cancellation of the whole concert
--   REFUNDED                a paid reservation whose points went back to the buyer (a fan giving
--                           the ticket back, or the date's cancellation); its seats are free
ALTER TYPE "ReservationStatus" ADD VALUE 'REFUNDED';

ALTER TABLE "schedules" ADD COLUMN "cancelled_at" TIMESTAMPTZ(3);
ALTER TABLE "concerts" ADD COLUMN "cancelled_at" TIMESTAMPTZ(3);

-- A payment is refunded at most once, whatever path refunds it.
CREATE UNIQUE INDEX "point_transactions_refund_once" ON "point_transactions" ("payment_id") WHERE "type" = 'REFUND';
