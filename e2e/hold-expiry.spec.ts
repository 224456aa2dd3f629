import { expect, test } from "@playwright/test";
import { createConcert } from "./support/api";
import { expectSeatMap, holdSeats, lineUp, saveScreenshot, seat } from "./support/fan";
import { HOLD_TTL_SECONDS, SHORT_HOLD_MAX_SEATS } from "./support/profiles";

test.describe(`with holds of ${HOLD_TTL_SECONDS} s, on a phone`, () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test("the countdown reaches zero, the seat is released, and the fan is told", async ({ page, request }) => {
    const concert = await createConcert(request, { title: "Short Fuse" });
    await lineUp(page, concert.title);
    await expectSeatMap(page);
    // The page offers the server's seat limit, not a default of its own.
    await expect(page.getByRole("heading", { name: `Pick up to ${SHORT_HOLD_MAX_SEATS} seats` })).toBeVisible();

    await holdSeats(page, [3]);
    const clock = page.getByTestId("hold-countdown").first();
    await expect(clock).toHaveText(/^00:0[0-8]$/);
    await expect(seat(page, 3)).toHaveAttribute("data-state", "mine");

    await expect(page.getByRole("alert").filter({ hasText: "Your hold ran out" })).toContainText(
      "Time's up for seat 3, so it was released for other fans.",
      { timeout: (HOLD_TTL_SECONDS + 5) * 1000 },
    );
    await expect(page.getByTestId("hold-card")).toHaveCount(0);
    await expect(seat(page, 3)).toHaveAttribute("data-state", "free");
    await saveScreenshot(page, "hold-released-phone");

    // The seat can be picked again.
    await holdSeats(page, [3]);
    await expect(seat(page, 3)).toHaveAttribute("data-state", "mine");
  });
});
