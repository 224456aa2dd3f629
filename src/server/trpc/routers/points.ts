import { z } from "zod";
import { ZIdempotencyHeaders } from "../../idempotency/idempotency.schema";
import { ZPageQuery } from "../../infra/cursor";
import { chargePoints, getBalance, getPointsHistory } from "../../points/points.service";
import { ZBalance, ZChargePoints, ZPointsCharged, ZPointsHistory } from "../../points/points.schema";
import { router } from "../init";
import { userProcedure } from "../procedures";

export const pointsRouter = router({
  balance: userProcedure
    .meta({ openapi: { method: "GET", path: "/points", tags: ["points"] }, errors: ["NOT_FOUND", "UNAVAILABLE"] })
    .input(z.void())
    .output(ZBalance)
    .query(({ ctx }) => getBalance(ctx.deps, ctx.userId)),

  charge: userProcedure
    .meta({
      openapi: { method: "POST", path: "/points/charge", tags: ["points"], requestHeaders: ZIdempotencyHeaders },
      errors: ["BALANCE_LIMIT", "IDEMPOTENCY_KEY_REUSED", "UNAVAILABLE"],
      rateLimit: "charge",
    })
    .input(ZChargePoints)
    .output(ZPointsCharged)
    .mutation(({ ctx, input }) => chargePoints(ctx.deps, ctx.userId, input, ctx.headers.get("idempotency-key"))),

  history: userProcedure
    .meta({ openapi: { method: "GET", path: "/points/history", tags: ["points"] }, errors: ["UNAVAILABLE"] })
    .input(ZPageQuery)
    .output(ZPointsHistory)
    .query(({ ctx, input }) => getPointsHistory(ctx.deps, ctx.userId, input)),
});
