import { describe, expect, it } from "vitest";
import { FakeClock } from "@/test/clock";
import { MemoryQueueStore } from "./memory-queue-store";
import { describeQueueStore } from "./queue-store.contract";

describeQueueStore("in-process", async (settings, clock) => new MemoryQueueStore(settings, clock));

describe("in-process queue store at scale", () => {
  it("keeps exact places in a long line with people leaving from the middle", async () => {
    const store = new MemoryQueueStore(
      {
        QUEUE_ACTIVE_TTL_SECONDS: 600,
        QUEUE_PASS_MAX_SECONDS: 900,
        QUEUE_IDLE_TIMEOUT_SECONDS: 300,
        QUEUE_TICK_MS: 250,
      },
      new FakeClock(),
    );
    const concert = "c";
    const rules = { version: 1, opensAt: 0, paused: false, closed: false, maxActive: 1, admitPerMinute: 0 };
    const tickets = [];
    for (let i = 0; i < 5_000; i++) tickets.push(await store.join(concert, `u${i}`, rules));
    for (let i = 1; i < 2_500; i += 2) await store.end(concert, `u${i}`, tickets[i]!.tokenId);
    // u0 is ACTIVE; of u1..u2499 the odd ones left, so u2500 has 1249 even waiters ahead.
    expect((await store.status(concert, "u2500", tickets[2500]!.tokenId)).position).toBe(1250);
    expect((await store.status(concert, "u4999", tickets[4999]!.tokenId)).position).toBe(3749);
  });
});
