-- A refund gives back what was paid even when it takes a balance above MAX_BALANCE: the cap limits
-- charges (their conditional update), not money returned. The balance keeps its floor of 0.
ALTER TABLE "users" DROP CONSTRAINT "users_balance_range";
ALTER TABLE "users" ADD CONSTRAINT "users_balance_range" CHECK ("balance" >= 0);
