import { z } from "zod";
import { getQueueStatus, joinQueue, leaveQueue } from "../../queue/queue.service";
import { ZJoinQueue, ZQueueTicket, ZQueueView } from "../../queue/queue.schema";
import { router } from "../init";
import { queueTokenProcedure, userProcedure, userQueueTokenProcedure } from "../procedures";

export const queueRouter = router({
  join: userProcedure
    .meta({
      openapi: { method: "POST", path: "/queue/tokens", tags: ["queue"] },
      successStatus: 201,
      errors: ["NOT_FOUND", "LINE_CLOSED", "UNAVAILABLE"],
      rateLimit: "queueJoin",
    })
    .input(ZJoinQueue)
    .output(ZQueueTicket)
    .mutation(({ ctx, input }) => joinQueue(ctx.deps, ctx.userId, input.concertId)),

  status: queueTokenProcedure
    .meta({ openapi: { method: "GET", path: "/queue/status", tags: ["queue"] }, errors: ["UNAVAILABLE"] })
    .input(z.void())
    .output(ZQueueView)
    .query(({ ctx }) => getQueueStatus(ctx.deps, ctx.queueToken)),

  leave: userQueueTokenProcedure
    .meta({
      openapi: { method: "DELETE", path: "/queue/tokens/current", tags: ["queue"] },
      successStatus: 204,
      errors: ["UNAVAILABLE"],
      rateLimit: "none",
    })
    .input(z.void())
    .output(z.void())
    .mutation(({ ctx }) => leaveQueue(ctx.deps, ctx.queueToken)),
});
