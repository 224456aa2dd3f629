import { z } from "zod";
import { createUser, getUser } from "../../users/users.service";
import { ZCreatedUser, ZCreateUser, ZUser } from "../../users/users.schema";
import { router } from "../init";
import { publicProcedure, userProcedure } from "../procedures";

export const usersRouter = router({
  create: publicProcedure
    .meta({
      openapi: { method: "POST", path: "/users", tags: ["users"], protect: false },
      successStatus: 201,
      errors: ["UNAVAILABLE"],
      rateLimit: "signup",
    })
    .input(ZCreateUser)
    .output(ZCreatedUser)
    .mutation(({ ctx, input }) => createUser(ctx.deps, input)),

  me: userProcedure
    .meta({ openapi: { method: "GET", path: "/users/me", tags: ["users"] }, errors: ["NOT_FOUND", "UNAVAILABLE"] })
    .input(z.void())
    .output(ZUser)
    .query(({ ctx }) => getUser(ctx.deps, ctx.userId)),
});
