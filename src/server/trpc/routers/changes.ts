import { ZConcert } from "../../catalog/catalog.schema";
import { updateConcert, updateSchedule } from "../../admin/changes.service";
import { ZScheduleDetails, ZUpdateConcert, ZUpdateSchedule } from "../../admin/changes.schema";
import { router } from "../init";
import { adminProcedure } from "../procedures";

export const changesRouter = router({
  updateConcert: adminProcedure
    .meta({
      openapi: { method: "PATCH", path: "/admin/concerts/{concertId}", tags: ["admin"] },
      errors: ["NOT_FOUND", "UNAVAILABLE"],
      rateLimit: "none",
    })
    .input(ZUpdateConcert)
    .output(ZConcert)
    .mutation(({ ctx, input }) => updateConcert(ctx.deps, ctx.admin, input)),

  updateSchedule: adminProcedure
    .meta({
      openapi: { method: "PATCH", path: "/admin/schedules/{scheduleId}", tags: ["admin"] },
      errors: ["NOT_FOUND", "ALREADY_CANCELLED", "CONFLICT", "UNAVAILABLE"],
      rateLimit: "none",
    })
    .input(ZUpdateSchedule)
    .output(ZScheduleDetails)
    .mutation(({ ctx, input }) => updateSchedule(ctx.deps, ctx.admin, input)),
});
