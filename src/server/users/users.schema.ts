import { z } from "zod";
import { ZText } from "../text.schema";

export const ZUserName = ZText({ min: 1, max: 50, trim: true });

export const ZCreateUser = z.object({ name: ZUserName.optional() }).strict();
export type CreateUser = z.infer<typeof ZCreateUser>;

export const ZUser = z.object({ userId: z.uuid(), name: z.string() });
export type User = z.infer<typeof ZUser>;

export const ZCreatedUser = ZUser.extend({ accessToken: z.string() });
export type CreatedUser = z.infer<typeof ZCreatedUser>;
