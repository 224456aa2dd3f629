import { z } from "zod";
import {
  changeStaffPassword,
  createStaffMember,
  listStaffMembers,
  removeStaffMember,
  signOutStaff,
} from "../../staff/staff.service";
import { ZCreateStaff, ZStaffList, ZStaffMember, ZStaffPassword, ZStaffRef } from "../../staff/staff.schema";
import { router } from "../init";
import { adminProcedure, ownerProcedure } from "../procedures";

/** Staff accounts (owners only) and the admin session's end. */
export const staffRouter = router({
  list: ownerProcedure
    .meta({ openapi: { method: "GET", path: "/admin/staff", tags: ["admin"] }, errors: ["UNAVAILABLE"] })
    .input(z.void())
    .output(ZStaffList)
    .query(({ ctx }) => listStaffMembers(ctx.deps)),

  create: ownerProcedure
    .meta({
      openapi: { method: "POST", path: "/admin/staff", tags: ["admin"] },
      successStatus: 201,
      errors: ["CONFLICT", "UNAVAILABLE"],
      rateLimit: "none",
    })
    .input(ZCreateStaff)
    .output(ZStaffMember)
    .mutation(({ ctx, input }) => createStaffMember(ctx.deps, ctx.admin, input)),

  remove: ownerProcedure
    .meta({
      openapi: { method: "DELETE", path: "/admin/staff/{login}", tags: ["admin"] },
      successStatus: 204,
      errors: ["NOT_FOUND", "CONFLICT", "UNAVAILABLE"],
      rateLimit: "none",
    })
    .input(ZStaffRef)
    .output(z.void())
    .mutation(({ ctx, input }) => removeStaffMember(ctx.deps, ctx.admin, input.login)),

  setPassword: adminProcedure
    .meta({
      openapi: { method: "PUT", path: "/admin/staff/{login}/password", tags: ["admin"] },
      successStatus: 204,
      errors: ["NOT_FOUND", "UNAVAILABLE"],
      rateLimit: "none",
    })
    .input(ZStaffPassword)
    .output(z.void())
    .mutation(({ ctx, input }) => changeStaffPassword(ctx.deps, ctx.admin, input)),

  signOut: adminProcedure
    .meta({
      openapi: { method: "DELETE", path: "/admin/session", tags: ["admin"] },
      successStatus: 204,
      errors: ["UNAVAILABLE"],
      rateLimit: "none",
    })
    .input(z.void())
    .output(z.void())
    .mutation(({ ctx }) => signOutStaff(ctx.deps, ctx.admin)),
});
