import { z } from "zod";
import { getConcert, getSeatMap, listConcerts, listOpenSchedules } from "../../catalog/catalog.service";
import { ZConcert, ZConcertId, ZConcertList, ZScheduleId, ZScheduleList, ZSeatMap } from "../../catalog/catalog.schema";
import { router } from "../init";
import { publicProcedure, queuePassProcedure } from "../procedures";

export const concertsRouter = router({
  list: publicProcedure
    .meta({
      openapi: { method: "GET", path: "/concerts", tags: ["concerts"], protect: false },
      errors: ["UNAVAILABLE"],
    })
    .input(z.void())
    .output(ZConcertList)
    .query(({ ctx }) => listConcerts(ctx.deps)),

  get: publicProcedure
    .meta({
      openapi: { method: "GET", path: "/concerts/{concertId}", tags: ["concerts"], protect: false },
      errors: ["NOT_FOUND", "UNAVAILABLE"],
    })
    .input(ZConcertId)
    .output(ZConcert)
    .query(({ ctx, input }) => getConcert(ctx.deps, input.concertId)),

  schedules: queuePassProcedure
    .meta({
      openapi: { method: "GET", path: "/concerts/{concertId}/schedules", tags: ["concerts"] },
      errors: ["NOT_FOUND", "QUEUE_PASS_WRONG_CONCERT", "UNAVAILABLE"],
    })
    .input(ZConcertId)
    .output(ZScheduleList)
    .query(({ ctx, input }) => listOpenSchedules(ctx.deps, ctx.pass, input.concertId)),

  seats: queuePassProcedure
    .meta({
      openapi: { method: "GET", path: "/schedules/{scheduleId}/seats", tags: ["concerts"] },
      errors: ["NOT_FOUND", "QUEUE_PASS_WRONG_CONCERT", "UNAVAILABLE"],
    })
    .input(ZScheduleId)
    .output(ZSeatMap)
    .query(({ ctx, input }) => getSeatMap(ctx.deps, ctx.userId, ctx.pass, input.scheduleId)),
});
