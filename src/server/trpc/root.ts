import { router } from "./init";
import { accountsRouter } from "./routers/accounts";
import { adminRouter } from "./routers/admin";
import { changesRouter } from "./routers/changes";
import { concertsRouter } from "./routers/concerts";
import { paymentsRouter } from "./routers/payments";
import { pointsRouter } from "./routers/points";
import { queueRouter } from "./routers/queue";
import { refundsRouter } from "./routers/refunds";
import { reservationsRouter } from "./routers/reservations";
import { salesRouter } from "./routers/sales";
import { sessionRouter } from "./routers/session";
import { staffRouter } from "./routers/staff";
import { ticketsRouter } from "./routers/tickets";
import { usersRouter } from "./routers/users";

export const appRouter = router({
  users: usersRouter,
  accounts: accountsRouter,
  queue: queueRouter,
  concerts: concertsRouter,
  reservations: reservationsRouter,
  points: pointsRouter,
  payments: paymentsRouter,
  admin: adminRouter,
  refunds: refundsRouter,
  changes: changesRouter,
  session: sessionRouter,
  staff: staffRouter,
  sales: salesRouter,
  tickets: ticketsRouter,
});

export type AppRouter = typeof appRouter;
