import type { DbClient } from "../infra/db";

export function updateUserName(db: DbClient, userId: string, name: string) {
  return db.user.updateMany({ where: { id: userId }, data: { name } });
}
