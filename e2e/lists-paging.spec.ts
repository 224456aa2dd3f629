import { expect, test } from "@playwright/test";
import { createConcert } from "./support/api";

test("my points and my tickets show 20 at a time and load more on request", async ({ page, request }) => {
  const concert = await createConcert(request, { title: "Long Lists", price: 1_000 });

  await page.goto("/points");
  await expect(page.getByTestId("points-balance")).toHaveText("0 P");
  // Calls from the page itself, signed in by the fan's own cookie: 25 charges, then 21 bookings
  // (hold and cancel, as a fan may, within the seat limit).
  await page.evaluate(
    async ({ concertId, scheduleId }) => {
      const send = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
        const res = await fetch(`/api/v1${path}`, {
          method,
          headers: body === undefined ? headers : { ...headers, "content-type": "application/json" },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
        return res.json();
      };
      for (let i = 1; i <= 25; i++) await send("POST", "/points/charge", { amount: i });
      const { queueToken } = await send("POST", "/queue/tokens", { concertId });
      for (let seat = 1; seat <= 21; seat++) {
        const held = await send(
          "POST",
          "/reservations",
          { scheduleId, seatNumbers: [seat] },
          { "x-queue-token": queueToken },
        );
        if (seat < 21) await send("DELETE", `/reservations/${held.reservationId}`);
      }
    },
    { concertId: concert.concertId, scheduleId: concert.scheduleId },
  );

  await page.reload();
  const rows = page.getByRole("table").getByRole("row");
  await expect(rows).toHaveCount(21);
  await page.getByTestId("history-more").click();
  await expect(rows).toHaveCount(26);
  await expect(page.getByTestId("history-more")).toHaveCount(0);
  const amounts = await rows.locator("td:nth-child(3)").allTextContents();
  expect(amounts.map((a) => Number(a.replace(/\D/g, ""))).sort((a, b) => a - b)).toEqual(
    Array.from({ length: 25 }, (_, i) => i + 1),
  );

  await page.getByRole("link", { name: "My tickets" }).first().click();
  const bookings = page.getByTestId("booking-row").filter({ hasText: concert.title });
  await expect(bookings).toHaveCount(20);
  await page.getByTestId("bookings-more").click();
  await expect(bookings).toHaveCount(21);
  await expect(page.getByTestId("bookings-more")).toHaveCount(0);
  await expect(bookings.filter({ hasText: /seat 21(?!\d)/ })).toContainText("Awaiting payment");
});
