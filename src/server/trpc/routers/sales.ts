import { z } from "zod";
import { exportSalesCsv } from "../../admin/admin.service";
import { ZScheduleId } from "../../catalog/catalog.schema";
import { router } from "../init";
import { adminProcedure } from "../procedures";

export const salesRouter = router({
  /** Over REST the CSV itself (text/csv); over tRPC the same text as a string. */
  csv: adminProcedure
    .meta({
      openapi: { method: "GET", path: "/admin/schedules/{scheduleId}/sales.csv", tags: ["admin"] },
      contentType: "text/csv",
      errors: ["NOT_FOUND", "UNAVAILABLE"],
    })
    .input(ZScheduleId)
    .output(z.string())
    .query(({ ctx, input }) => exportSalesCsv(ctx.deps, input.scheduleId)),
});
