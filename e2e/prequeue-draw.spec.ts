import { expect, test, type Page } from "@playwright/test";
import { createConcert, restFan, setLineControls } from "./support/api";
import { expectSeatMap, holdSeats, lineUp, saveScreenshot } from "./support/fan";

const PRICE = 30_000;

/** Pays for one seat in the UI: the pass ends with the payment, and its slot goes to the next fan. */
async function buySeat(page: Page, n: number): Promise<void> {
  await holdSeats(page, [n]);
  await page.getByTestId("hold-card").getByRole("link", { name: "Checkout" }).click();
  await page.getByRole("button", { name: "Charge 30,000 P" }).click();
  await page.getByRole("button", { name: "Pay ₩30,000" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "You're going!" })).toBeVisible();
}

test.describe("with one active pass per concert (QUEUE_MAX_ACTIVE=1)", () => {
  test("fans who join before the opening are admitted in the drawn order", async ({ browser, request, baseURL }) => {
    const concert = await createConcert(request, { title: "First Light", price: PRICE });
    // A fan already booking holds the only slot, so the drawn places stay in view until it frees.
    const early = await restFan(request, concert.concertId);
    expect((await early.join()).status).toBe("ACTIVE");

    // The sale now opens in five minutes: whoever joins before then waits in the pre-queue.
    await setLineControls(request, concert.concertId, { onSaleAt: new Date(Date.now() + 5 * 60_000).toISOString() });

    const fans: Page[] = [];
    for (let i = 0; i < 3; i++) {
      const page = await (await browser.newContext({ baseURL })).newPage();
      await lineUp(page, concert.title);
      await expect(page).toHaveURL(/\/queue$/);
      const prequeue = page.getByTestId("prequeue");
      await expect(prequeue).toContainText("The sale opens in");
      await expect(prequeue).toContainText(
        "Everyone who joins before the opening gets a random place at the opening, so there is no need to refresh or arrive early.",
      );
      await expect(page.getByTestId("opens-countdown")).toHaveText(/^0[45]:[0-5]\d$/);
      await expect(page.getByTestId("queue-position")).toHaveCount(0);
      fans.push(page);
    }
    // The countdown runs between the polls, and a reload finds the same pre-queue pass.
    const shown = await fans[0]!.getByTestId("opens-countdown").textContent();
    await expect(fans[0]!.getByTestId("opens-countdown")).not.toHaveText(shown!);
    await fans[2]!.reload();
    await expect(fans[2]!.getByTestId("opens-countdown")).toHaveText(/^0[45]:[0-5]\d$/);
    await saveScreenshot(fans[0]!, "prequeue");

    // The sale opens in two seconds.
    const opening = await setLineControls(request, concert.concertId, {
      onSaleAt: new Date(Date.now() + 2_000).toISOString(),
    });
    expect(opening).toMatchObject({ prequeue: 3, waiting: 0, active: 1 });

    // Each gets a drawn place (the page polls around the opening it last heard of, up to 15 s apart).
    const places: number[] = [];
    for (const page of fans) {
      const position = page.getByTestId("queue-position");
      await expect(position).toHaveText(/^[1-3]$/, { timeout: 25_000 });
      await expect(page.getByText("Your place, drawn at the opening")).toBeVisible();
      places.push(Number(await position.textContent()));
    }
    expect([...places].sort()).toEqual([1, 2, 3]);
    const drawnOrder = places
      .map((place, i) => ({ place, page: fans[i]! }))
      .sort((a, b) => a.place - b.place)
      .map((f) => f.page);
    const [first, second, third] = drawnOrder as [Page, Page, Page];

    // Each freed slot goes to the next drawn place, and only to it.
    await early.leave();
    await expectSeatMap(first);
    await expect(second.getByTestId("queue-position")).toHaveText("1");
    await expect(third.getByTestId("queue-position")).toHaveText("2");

    await buySeat(first, 1);
    await expectSeatMap(second);
    await expect(third).toHaveURL(/\/queue$/);
    await expect(third.getByTestId("queue-position")).toHaveText("1");

    await buySeat(second, 2);
    await expectSeatMap(third);

    for (const page of fans) await page.context().close();
  });
});
