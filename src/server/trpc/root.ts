import { router } from "./init";
import { adminRouter } from "./routers/admin";
import { concertsRouter } from "./routers/concerts";
import { paymentsRouter } from "./routers/payments";
import { pointsRouter } from "./routers/points";
import { queueRouter } from "./routers/queue";
import { reservationsRouter } from "./routers/reservations";
import { sessionRouter } from "./routers/session";
import { usersRouter } from "./routers/users";

export const appRouter = router({
  users: usersRouter,
  queue: queueRouter,
  concerts: concertsRouter,
  reservations: reservationsRouter,
  points: pointsRouter,
  payments: paymentsRouter,
  admin: adminRouter,
  session: sessionRouter,
});

export type AppRouter = typeof appRouter;
