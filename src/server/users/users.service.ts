import { randomInt } from "node:crypto";
import type { Deps } from "../deps";
import { AppError } from "../errors";
import { findUser, insertUser } from "./users.repo";
import type { CreatedUser, CreateUser, User } from "./users.schema";

export async function createUser(deps: Pick<Deps, "db" | "tokens">, input: CreateUser): Promise<CreatedUser> {
  const name = input.name ?? `Guest ${randomInt(1000, 10000)}`;
  const user = await insertUser(deps.db, name);
  return { userId: user.id, name: user.name, accessToken: await deps.tokens.signAccess({ userId: user.id }) };
}

export async function getUser(deps: Pick<Deps, "db">, userId: string): Promise<User> {
  const user = await findUser(deps.db, userId);
  if (!user) throw new AppError("NOT_FOUND", "User not found");
  return { userId: user.id, name: user.name };
}
