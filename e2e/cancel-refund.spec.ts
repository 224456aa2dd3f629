import { expect, test } from "@playwright/test";
import { concertCard, signInAsAdmin } from "./support/admin";
import { createConcert } from "./support/api";
import { buySeat, expectSeatMap, lineUp, saveScreenshot, seat } from "./support/fan";

test("staff cancel a date with a paid ticket, and the fan sees the refund in their points", async ({
  page,
  browser,
  request,
}) => {
  const concert = await createConcert(request, { title: "Rain Check", price: 40_000 });
  await buySeat(page, concert, 5);
  await page.goto("/points");
  await expect(page.getByTestId("points-balance")).toHaveText("60,000 P");

  const staff = await browser.newPage();
  await signInAsAdmin(staff);
  const card = concertCard(staff, concert.title);
  await card.getByRole("button", { name: "Cancel date" }).click();
  const dialog = staff.getByRole("dialog");
  await expect(dialog).toContainText("refunded in full");
  await dialog.getByRole("button", { name: "Cancel this date" }).click();
  await expect(card.getByText("Cancelled: 1 paid booking refunded, ₩40,000 in all.")).toBeVisible();
  await staff.close();

  await page.goto("/points");
  await expect(page.getByTestId("points-balance")).toHaveText("100,000 P");
  const refund = page.getByRole("row").filter({ hasText: "Refund" });
  await expect(refund).toContainText("+40,000 P");
  await saveScreenshot(page, "points-refund");
  await page.goto("/tickets");
  const row = page.getByTestId("booking-row").filter({ hasText: concert.title });
  await expect(row).toContainText("Date cancelled");
  await expect(row).toContainText("Refunded");
  await saveScreenshot(page, "tickets-refunded");
});

test("a fan gives back a ticket before the cutoff: the points come back and the seat is free again", async ({
  page,
}, testInfo) => {
  const concert = await createConcert(page.request, {
    title: `Second Thoughts ${testInfo.workerIndex}`,
    price: 40_000,
  });
  await buySeat(page, concert, 9);

  await page.goto("/tickets");
  const row = page.getByTestId("booking-row").filter({ hasText: concert.title });
  await row.getByRole("button", { name: "Give back" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText("₩40,000 goes back to your points");
  await dialog.getByRole("button", { name: "Give back ticket" }).click();
  await expect(row).toContainText("Refunded");
  await expect(row.getByRole("button", { name: "Give back" })).toHaveCount(0);

  await page.goto("/points");
  await expect(page.getByTestId("points-balance")).toHaveText("100,000 P");
  await expect(page.getByRole("row").filter({ hasText: "Refund" })).toContainText("+40,000 P");

  // The seat is on sale again at once.
  await page.goto("/");
  await lineUp(page, concert.title);
  await expectSeatMap(page);
  await expect(seat(page, 9)).toHaveAttribute("data-state", "free");
});
