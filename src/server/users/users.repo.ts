import type { DbClient } from "../infra/db";

export function insertUser(db: DbClient, name: string) {
  return db.user.create({ data: { name }, select: { id: true, name: true } });
}

export function findUser(db: DbClient, userId: string) {
  return db.user.findUnique({ where: { id: userId }, select: { id: true, name: true } });
}

export function updateUserName(db: DbClient, userId: string, name: string) {
  return db.user.updateMany({ where: { id: userId }, data: { name } });
}
