import { z } from "zod";

const ZQueueStatus = z.enum(["PREQUEUE", "WAITING", "ACTIVE", "EXPIRED"]);

export const ZJoinQueue = z.object({ concertId: z.uuid() }).strict();

export const ZQueueView = z.object({
  status: ZQueueStatus,
  /** 1-based while WAITING, else 0 (in the pre-queue nobody has a place until the draw). */
  position: z.number().int().min(0),
  estimatedWaitSeconds: z.number().int().min(0),
  activeUntil: z.iso.datetime().nullable(),
  pollAfterMs: z.number().int().min(0),
  /** When the sale opens, while it has not; null once open. */
  opensAt: z.iso.datetime().nullable(),
  /** Only on an EXPIRED pass whose line was closed: LINE_CLOSED. */
  reason: z.enum(["LINE_CLOSED"]).optional(),
});
export type QueueView = z.infer<typeof ZQueueView>;

export const ZQueueTicket = ZQueueView.extend({ queueToken: z.string() });
export type QueueTicket = z.infer<typeof ZQueueTicket>;
