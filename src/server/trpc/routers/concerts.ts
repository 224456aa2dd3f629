import { router } from "../init";

export const concertsRouter = router({});
