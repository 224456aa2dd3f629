import { z } from "zod";
import { ZConcert } from "../../catalog/catalog.schema";
import { signInStaff } from "../../staff/staff.service";
import { createConcert, createSchedule, getStats } from "../../admin/admin.service";
import { getLineControls, updateLineControls } from "../../admin/line-controls.service";
import { listAudit } from "../../admin/audit.service";
import {
  ZAuditPage,
  ZAuditQuery,
  ZConcertRef,
  ZLineControls,
  ZUpdateLineControls,
  ZAdminLogin,
  ZAdminSession,
  ZAdminStats,
  ZCreateConcert,
  ZCreatedSchedule,
  ZCreateSchedule,
} from "../../admin/admin.schema";
import { router } from "../init";
import { adminProcedure, publicProcedure } from "../procedures";

export const adminRouter = router({
  session: publicProcedure
    .meta({
      openapi: { method: "POST", path: "/admin/session", tags: ["admin"], protect: false },
      errors: ["UNAUTHORIZED"],
      rateLimit: "adminLogin",
    })
    .input(ZAdminLogin)
    .output(ZAdminSession)
    .mutation(({ ctx, input }) => signInStaff(ctx.deps, input)),

  createConcert: adminProcedure
    .meta({
      openapi: { method: "POST", path: "/admin/concerts", tags: ["admin"] },
      successStatus: 201,
      errors: ["UNAVAILABLE"],
      rateLimit: "none",
    })
    .input(ZCreateConcert)
    .output(ZConcert)
    .mutation(({ ctx, input }) => createConcert(ctx.deps, ctx.admin, input)),

  createSchedule: adminProcedure
    .meta({
      openapi: { method: "POST", path: "/admin/concerts/{concertId}/schedules", tags: ["admin"] },
      successStatus: 201,
      errors: ["NOT_FOUND", "UNAVAILABLE"],
      rateLimit: "none",
    })
    .input(ZCreateSchedule)
    .output(ZCreatedSchedule)
    .mutation(({ ctx, input }) => createSchedule(ctx.deps, ctx.admin, input)),

  stats: adminProcedure
    .meta({ openapi: { method: "GET", path: "/admin/stats", tags: ["admin"] }, errors: ["UNAVAILABLE"] })
    .input(z.void())
    .output(ZAdminStats)
    .query(({ ctx }) => getStats(ctx.deps)),

  lineControls: adminProcedure
    .meta({
      openapi: { method: "GET", path: "/admin/concerts/{concertId}/queue", tags: ["admin"] },
      errors: ["NOT_FOUND", "UNAVAILABLE"],
    })
    .input(ZConcertRef)
    .output(ZLineControls)
    .query(({ ctx, input }) => getLineControls(ctx.deps, input.concertId)),

  updateLineControls: adminProcedure
    .meta({
      openapi: { method: "PATCH", path: "/admin/concerts/{concertId}/queue", tags: ["admin"] },
      errors: ["NOT_FOUND", "UNAVAILABLE"],
      rateLimit: "none",
    })
    .input(ZUpdateLineControls)
    .output(ZLineControls)
    .mutation(({ ctx, input }) => updateLineControls(ctx.deps, ctx.admin, input)),

  audit: adminProcedure
    .meta({ openapi: { method: "GET", path: "/admin/audit", tags: ["admin"] }, errors: ["UNAVAILABLE"] })
    .input(ZAuditQuery)
    .output(ZAuditPage)
    .query(({ ctx, input }) => listAudit(ctx.deps, input)),
});
