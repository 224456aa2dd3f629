import { z } from "zod";

export const ZQueueStatus = z.enum(["WAITING", "ACTIVE", "EXPIRED"]);

export const ZJoinQueue = z.object({ concertId: z.uuid() }).strict();
export type JoinQueue = z.infer<typeof ZJoinQueue>;

export const ZQueueView = z.object({
  status: ZQueueStatus,
  position: z.number().int().min(0),
  estimatedWaitSeconds: z.number().int().min(0),
  activeUntil: z.iso.datetime().nullable(),
  pollAfterMs: z.number().int().min(0),
});
export type QueueView = z.infer<typeof ZQueueView>;

export const ZQueueTicket = ZQueueView.extend({ queueToken: z.string() });
export type QueueTicket = z.infer<typeof ZQueueTicket>;
