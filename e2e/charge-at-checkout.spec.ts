import { expect, test } from "@playwright/test";
import { createConcert } from "./support/api";
import { chargePoints, expectSeatMap, holdSeats, lineUp, saveScreenshot, seat } from "./support/fan";

test("not enough points: the fan charges the difference in checkout, then pays", async ({ page, request }) => {
  const concert = await createConcert(request, { title: "Low Tide", price: 30_000 });

  await page.goto("/points");
  await chargePoints(page, 20_000);
  await expect(page.getByTestId("points-balance")).toHaveText("20,000 P");

  await lineUp(page, concert.title);
  await expectSeatMap(page);
  // Seats work from the keyboard too.
  await seat(page, 21).focus();
  await page.keyboard.press("Space");
  await expect(seat(page, 21)).toHaveAttribute("aria-pressed", "true");
  await holdSeats(page, [22]);
  await page.getByTestId("hold-card").getByRole("link", { name: "Checkout" }).click();

  await expect(page.getByTestId("order-total")).toHaveText("₩60,000");
  await expect(page.getByTestId("balance")).toHaveText("20,000 P");
  await expect(page.getByRole("alert").filter({ hasText: "Not enough points yet" })).toContainText(
    "Charge at least 40,000 P",
  );
  await expect(page.getByRole("button", { name: "Pay ₩60,000" })).toBeDisabled();
  // The form suggests exactly what is missing.
  await expect(page.getByLabel("Amount to charge")).toHaveValue("40000");
  await saveScreenshot(page, "checkout");

  await page.getByRole("button", { name: "Charge 40,000 P" }).click();
  await expect(page.getByTestId("balance")).toHaveText("60,000 P");
  await expect(page.getByText("Not enough points yet")).toHaveCount(0);

  await page.getByRole("button", { name: "Pay ₩60,000" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "You're going!" })).toBeVisible();
  await expect(page.getByTestId("ticket")).toHaveCount(2);

  await page.goto("/points");
  await expect(page.getByTestId("points-balance")).toHaveText("0 P");
  const rows = page.getByRole("table").getByRole("row");
  await expect(rows).toHaveCount(4);
  await expect(rows.nth(1)).toContainText("Paid for tickets");
  await expect(rows.nth(1)).toContainText("60,000 P");
});
