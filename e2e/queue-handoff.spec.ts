import { expect, test, type Page } from "@playwright/test";
import { createConcert } from "./support/api";
import { chargePoints, expectSeatMap, holdSeats, lineUp, saveScreenshot } from "./support/fan";

/**
 * What a page asked the server about its pass, in order: `stream` (the event stream opened or
 * tried), `poll` (a status call), `queue` when it reached the waiting room and `book` the seats.
 */
function passTraffic(page: Page): string[] {
  const seen: string[] = [];
  page.on("request", (r) => {
    if (r.url().includes("/api/v1/queue/events")) seen.push("stream");
    else if (r.url().includes("/api/trpc/queue.status")) seen.push("poll");
  });
  page.on("framenavigated", (frame) => {
    if (frame !== page.mainFrame()) return;
    if (/\/queue$/.test(frame.url())) seen.push("queue");
    if (/\/book$/.test(frame.url())) seen.push("book");
  });
  return seen;
}

/**
 * The traffic of the waiting room once it showed its transport (`settled`, marked by the test:
 * the page it came from may still be polling while the waiting room loads) until it moved to the
 * seats.
 */
function whileWaiting(seen: string[]): string[] {
  const from = seen.indexOf("settled");
  const to = seen.indexOf("book");
  expect(seen.indexOf("queue"), "reached the waiting room").toBeGreaterThanOrEqual(0);
  expect(from, "the waiting room showed its transport").toBeGreaterThanOrEqual(0);
  return seen.slice(from + 1, to === -1 ? undefined : to);
}

/** The first fan pays for a seat, which frees the one slot. */
async function payForSeat(first: Page, price: number): Promise<void> {
  await first.goto("/points");
  await chargePoints(first, price);
  await first.goBack();
  await first.getByTestId("hold-card").getByRole("link", { name: "Checkout" }).click();
  await first.getByRole("button", { name: `Pay ₩${price.toLocaleString("en-US")}` }).click();
  await expect(first.getByRole("heading", { level: 1, name: "You're going!" })).toBeVisible();
}

test.describe("with one active pass per concert (QUEUE_MAX_ACTIVE=1)", () => {
  test("a second fan waits at place 1 and is let in after the first pays", async ({ browser, request, baseURL }) => {
    const concert = await createConcert(request, { title: "One By One", price: 40_000 });
    const first = await (await browser.newContext({ baseURL })).newPage();
    const second = await (await browser.newContext({ baseURL })).newPage();

    await lineUp(first, concert.title);
    await expectSeatMap(first);

    const traffic = passTraffic(second);
    await lineUp(second, concert.title);
    await expect(second).toHaveURL(/\/queue$/);
    await expect(second.getByTestId("queue-position")).toHaveText("1");
    // The server pushes the place: the page does not poll.
    await expect(second.locator("[data-transport]")).toHaveAttribute("data-transport", "stream");
    await expect(second.getByText("Live, as they happen")).toBeVisible();
    traffic.push("settled");
    await expect(second.getByText("You're next. Get ready!")).toBeVisible();
    await expect(second.getByRole("progressbar", { name: "Progress through the line" })).toBeVisible();
    await saveScreenshot(second, "waiting-room");

    // Still waiting while the first fan books.
    await holdSeats(first, [1]);
    await expect(second).toHaveURL(/\/queue$/);

    await first.goto("/points");
    await chargePoints(first, 40_000);
    await expect(first.getByTestId("points-balance")).toHaveText("40,000 P");
    await first.goBack();
    await first.getByTestId("hold-card").getByRole("link", { name: "Checkout" }).click();
    await first.getByRole("button", { name: "Pay ₩40,000" }).click();
    await expect(first.getByRole("heading", { level: 1, name: "You're going!" })).toBeVisible();

    // The freed slot goes to the head of the line; the waiting room moves on by itself, told by
    // the stream: not one status poll until it reached the seats.
    await expectSeatMap(second);
    await expect(second.getByText("You're in")).toBeVisible();
    expect(traffic.slice(0, traffic.indexOf("book"))).toContain("stream");
    expect(whileWaiting(traffic)).not.toContain("poll");

    await first.context().close();
    await second.context().close();
  });

  test("with the event stream blocked, the waiting room polls and still moves on", async ({
    browser,
    request,
    baseURL,
  }) => {
    const concert = await createConcert(request, { title: "No Stream Tonight", price: 30_000 });
    const first = await (await browser.newContext({ baseURL })).newPage();
    const second = await (await browser.newContext({ baseURL })).newPage();
    await second.route("**/api/v1/queue/events**", (route) => route.abort());

    await lineUp(first, concert.title);
    await expectSeatMap(first);
    await holdSeats(first, [1]);

    const traffic = passTraffic(second);
    await lineUp(second, concert.title);
    await expect(second).toHaveURL(/\/queue$/);
    await expect(second.getByTestId("queue-position")).toHaveText("1");
    await expect(second.locator("[data-transport]")).toHaveAttribute("data-transport", "polling");
    await expect(second.getByText("Next update")).toBeVisible();
    traffic.push("settled");

    await payForSeat(first, 30_000);
    await expectSeatMap(second);
    await expect(second.getByText("You're in")).toBeVisible();
    // It tried the stream (and again later), and the polls got it in.
    expect(traffic.slice(0, traffic.indexOf("book"))).toContain("stream");
    expect(whileWaiting(traffic)).toContain("poll");

    await first.context().close();
    await second.context().close();
  });
});
