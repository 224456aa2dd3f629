import { z } from "zod";
import { ZText } from "../text.schema";

const STAFF_ROLES = ["owner", "staff"] as const;
export const ZStaffRole = z.enum(STAFF_ROLES);
export type StaffRole = z.infer<typeof ZStaffRole>;

/** A login as it is stored: lower case, so that `Anna` and `anna` are one account. */
export const ZStaffLogin = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._@-]{0,99}$/, "1-100 of a-z, 0-9, '.', '_', '@', '-', starting with a letter or digit");

const MIN_STAFF_PASSWORD = 12;

export const ZCreateStaff = z
  .object({
    login: ZStaffLogin,
    password: ZText({ min: MIN_STAFF_PASSWORD, max: 200 }),
    role: ZStaffRole,
  })
  .strict();
export type CreateStaff = z.infer<typeof ZCreateStaff>;

export const ZStaffRef = z.object({ login: ZStaffLogin }).strict();

export const ZStaffPassword = z
  .object({ login: ZStaffLogin, password: ZText({ min: MIN_STAFF_PASSWORD, max: 200 }) })
  .strict();
export type StaffPassword = z.infer<typeof ZStaffPassword>;

export const ZStaffMember = z.object({
  login: z.string(),
  role: ZStaffRole,
  createdAt: z.iso.datetime(),
});
export type StaffMember = z.infer<typeof ZStaffMember>;

export const ZStaffList = z.object({ items: z.array(ZStaffMember) });
export type StaffList = z.infer<typeof ZStaffList>;

/** The signed-in staff member behind an admin token. */
export type StaffSession = { sessionId: string; staffId: string; login: string; role: StaffRole };
