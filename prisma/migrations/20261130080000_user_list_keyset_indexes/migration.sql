-- A user's reservations, payments and points history are read a page at a time, newest first,
-- after a cursor on (time, id). With the id in the index the scan starts at the cursor and comes
-- out in page order, ties included; each index replaces the (user, time) one it extends.
DROP INDEX "reservations_user_id_created_at_idx";
CREATE INDEX "reservations_user_id_created_at_id_idx" ON "reservations"("user_id", "created_at", "id");

DROP INDEX "payments_user_id_paid_at_idx";
CREATE INDEX "payments_user_id_paid_at_id_idx" ON "payments"("user_id", "paid_at", "id");

DROP INDEX "point_transactions_user_id_created_at_idx";
CREATE INDEX "point_transactions_user_id_created_at_id_idx" ON "point_transactions"("user_id", "created_at", "id");

-- A page of payments finds each one's ledger entry by its payment id, not by reading the user's ledger.
CREATE INDEX "point_transactions_payment_id_idx" ON "point_transactions"("payment_id");
