import { expect, type APIRequestContext } from "@playwright/test";
import { ADMIN_PASSWORD } from "./profiles";

/** Test data through the admin REST API, the way an operator's tools would make it. */
async function adminToken(request: APIRequestContext): Promise<string> {
  const res = await request.post("/api/v1/admin/session", { data: { password: ADMIN_PASSWORD } });
  expect(res.status(), await res.text()).toBe(200);
  return ((await res.json()) as { adminToken: string }).adminToken;
}

export type TestConcert = { concertId: string; scheduleId: string; title: string; price: number; seatCount: number };

let sequence = 0;

/** A concert with one date a week from now; the title is unique so a spec can find it in the list. */
export async function createConcert(
  request: APIRequestContext,
  opts: { title?: string; price?: number; seatCount?: number } = {},
): Promise<TestConcert> {
  const headers = { authorization: `Bearer ${await adminToken(request)}` };
  const title = `${opts.title ?? "Night Signals"} ${Date.now().toString(36).slice(-4)}${++sequence}`;
  const concert = await request.post("/api/v1/admin/concerts", {
    headers,
    data: {
      title,
      artist: "Aurora Lane",
      venue: "Olympic Hall, Seoul",
      description: "A night of synth-pop under the lights.",
    },
  });
  expect(concert.status(), await concert.text()).toBe(201);
  const { concertId } = (await concert.json()) as { concertId: string };
  const price = opts.price ?? 55_000;
  const seatCount = opts.seatCount ?? 50;
  const startsAt = new Date(Date.now() + 7 * 86_400_000);
  startsAt.setUTCHours(10, 30, 0, 0);
  const schedule = await request.post(`/api/v1/admin/concerts/${concertId}/schedules`, {
    headers,
    data: { startsAt: startsAt.toISOString(), price, seatCount },
  });
  expect(schedule.status(), await schedule.text()).toBe(201);
  const { scheduleId } = (await schedule.json()) as { scheduleId: string };
  return { concertId, scheduleId, title, price, seatCount };
}

/** Someone else booking through the REST API, so the seat map has seats held and sold by others. */
export async function otherFan(request: APIRequestContext, concert: TestConcert) {
  const user = await request.post("/api/v1/users", { data: {} });
  expect(user.status(), await user.text()).toBe(201);
  const { accessToken } = (await user.json()) as { accessToken: string };
  const ticket = await request.post("/api/v1/queue/tokens", {
    headers: { authorization: `Bearer ${accessToken}` },
    data: { concertId: concert.concertId },
  });
  expect(ticket.status(), await ticket.text()).toBe(201);
  const { queueToken } = (await ticket.json()) as { queueToken: string };
  const headers = { authorization: `Bearer ${accessToken}`, "x-queue-token": queueToken };

  async function hold(seatNumbers: number[]): Promise<{ reservationId: string; totalPrice: number }> {
    const res = await request.post("/api/v1/reservations", {
      headers,
      data: { scheduleId: concert.scheduleId, seatNumbers },
    });
    expect(res.status(), await res.text()).toBe(201);
    return (await res.json()) as { reservationId: string; totalPrice: number };
  }

  return {
    hold,
    async buy(seatNumbers: number[]): Promise<void> {
      const { reservationId, totalPrice } = await hold(seatNumbers);
      const charge = await request.post("/api/v1/points/charge", { headers, data: { amount: totalPrice } });
      expect(charge.status(), await charge.text()).toBe(200);
      const pay = await request.post("/api/v1/payments", { headers, data: { reservationId } });
      expect(pay.status(), await pay.text()).toBe(201);
    },
  };
}

/** The concert's line as the admin API shows it (GET/PATCH /admin/concerts/{id}/queue). */
export type LineControls = {
  onSaleAt: string | null;
  paused: boolean;
  closed: boolean;
  maxActive: number;
  admitPerMinute: number | null;
  waiting: number;
  prequeue: number;
  active: number;
  admittedLastMinute: number;
};

export async function setLineControls(
  request: APIRequestContext,
  concertId: string,
  change: Partial<Pick<LineControls, "onSaleAt" | "paused" | "closed" | "maxActive" | "admitPerMinute">>,
): Promise<LineControls> {
  const res = await request.patch(`/api/v1/admin/concerts/${concertId}/queue`, {
    headers: { authorization: `Bearer ${await adminToken(request)}` },
    data: change,
  });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as LineControls;
}

export type QueueView = {
  status: "PREQUEUE" | "WAITING" | "ACTIVE" | "EXPIRED";
  position: number;
  estimatedWaitSeconds: number;
  opensAt: string | null;
  reason: "LINE_CLOSED" | null;
};

/** A fan without a browser, in one concert's line through the REST API. */
export async function restFan(request: APIRequestContext, concertId: string) {
  const user = await request.post("/api/v1/users", { data: {} });
  expect(user.status(), await user.text()).toBe(201);
  const { accessToken } = (await user.json()) as { accessToken: string };
  const auth = { authorization: `Bearer ${accessToken}` };
  let queueToken: string | undefined;
  const passHeaders = () => {
    expect(queueToken, "the fan has joined").toBeDefined();
    return { ...auth, "x-queue-token": queueToken! };
  };

  /** Lines up; the answer as it came, so a spec can check a refusal. */
  async function tryJoin() {
    const res = await request.post("/api/v1/queue/tokens", { headers: auth, data: { concertId } });
    if (res.status() === 201) queueToken = ((await res.json()) as { queueToken: string }).queueToken;
    return res;
  }

  return {
    tryJoin,
    async join(): Promise<QueueView> {
      const res = await tryJoin();
      expect(res.status(), await res.text()).toBe(201);
      return (await res.json()) as QueueView;
    },
    async status(): Promise<QueueView> {
      const res = await request.get("/api/v1/queue/status", { headers: passHeaders() });
      expect(res.status(), await res.text()).toBe(200);
      return (await res.json()) as QueueView;
    },
    /** Gives up the place or the turn to book, for the next fan. */
    async leave(): Promise<void> {
      const res = await request.delete("/api/v1/queue/tokens/current", { headers: passHeaders() });
      expect(res.status(), await res.text()).toBe(204);
    },
  };
}
