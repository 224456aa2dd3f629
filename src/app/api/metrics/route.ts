import { handleApi } from "@/server/boot";

export const dynamic = "force-dynamic";

export { handleApi as GET };
