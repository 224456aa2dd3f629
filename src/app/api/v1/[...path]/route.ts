import { handleApi } from "@/server/boot";

export const dynamic = "force-dynamic";

export { handleApi as GET, handleApi as POST, handleApi as PUT, handleApi as PATCH, handleApi as DELETE };
