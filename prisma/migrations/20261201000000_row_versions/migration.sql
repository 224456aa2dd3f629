-- Row versions for holds and payments run optimistically (DATABASE_HOT_PATH=optimistic): an attempt
-- reads rows with their versions, takes no lock, and writes only where the versions are still the
-- ones it read (else it starts over). Every writer bumps them, whatever the mode, so the check holds
-- while other instances, the hold sweeper or a cancel write the same rows.
--   seats.version         every change of a seat's state (hold, sale, release)
--   reservations.version  every change of a reservation's status
--   users.version         every hold the user makes: it guards their seat limit (the balance needs
--                         none, every change to it being one conditional UPDATE)
ALTER TABLE "seats" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "reservations" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "users" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 0;
