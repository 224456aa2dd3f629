import { z } from "zod";

export const ZUserName = z.string().trim().min(1).max(50);

export const ZCreateUser = z.object({ name: ZUserName.optional() }).strict();
export type CreateUser = z.infer<typeof ZCreateUser>;

export const ZUser = z.object({ userId: z.uuid(), name: z.string() });
export type User = z.infer<typeof ZUser>;

export const ZCreatedUser = ZUser.extend({ accessToken: z.string() });
export type CreatedUser = z.infer<typeof ZCreatedUser>;
