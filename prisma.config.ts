import { defineConfig } from "prisma/config";

// Used by the Prisma CLI only (generate, and `migrate deploy` where its engine can be had).
// The app applies the same migration files itself at start (src/server/infra/migrate.ts).
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: {
    url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/concert_booking",
  },
});
