/** `npm run db:seed`: loads the demo concerts into DATABASE_URL (migrating it first), idempotently. */
import { ensureDatabase, migrate } from "@/server/infra/migrate";
import { seedDemoData } from "./seed-demo";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("Set DATABASE_URL to the database to load the demo data into.");
  process.exit(1);
}
await ensureDatabase(url);
await migrate(url);
const created = await seedDemoData(url);
console.log(created ? `Loaded ${created} demo concert(s).` : "Demo data already there; nothing to do.");
