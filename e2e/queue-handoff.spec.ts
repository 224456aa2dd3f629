import { expect, test } from "@playwright/test";
import { createConcert } from "./support/api";
import { chargePoints, expectSeatMap, holdSeats, lineUp, saveScreenshot } from "./support/fan";

test.describe("with one active pass per concert (QUEUE_MAX_ACTIVE=1)", () => {
  test("a second fan waits at place 1 and is let in after the first pays", async ({ browser, request, baseURL }) => {
    const concert = await createConcert(request, { title: "One By One", price: 40_000 });
    const first = await (await browser.newContext({ baseURL })).newPage();
    const second = await (await browser.newContext({ baseURL })).newPage();

    await lineUp(first, concert.title);
    await expectSeatMap(first);

    await lineUp(second, concert.title);
    await expect(second).toHaveURL(/\/queue$/);
    await expect(second.getByTestId("queue-position")).toHaveText("1");
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

    // The freed slot goes to the head of the line; the waiting room moves on by itself.
    await expectSeatMap(second);
    await expect(second.getByText("You're in")).toBeVisible();

    await first.context().close();
    await second.context().close();
  });
});
