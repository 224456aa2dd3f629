import { expect, test } from "@playwright/test";
import { venueDate } from "./support/admin";
import { expectSeatMap, holdSeats, lineUp, saveScreenshot } from "./support/fan";
import { ADMIN_PASSWORD } from "./support/profiles";

test("an admin creates a concert and a date in the UI; a fan then finds and books it", async ({ browser, baseURL }) => {
  const title = `Harbor Lights ${Date.now().toString(36).slice(-5)}`;
  // Staff away from the venue: the form still takes, and the dashboard shows, the venue's time.
  const admin = await (await browser.newContext({ baseURL, timezoneId: "America/New_York" })).newPage();

  await admin.goto("/admin");
  await admin.getByLabel("Password").fill("not-the-password");
  await admin.getByRole("button", { name: "Sign in" }).click();
  await expect(admin.getByText("That password isn't right. Try again.")).toBeVisible();
  await admin.getByLabel("Password").fill(ADMIN_PASSWORD);
  await admin.getByRole("button", { name: "Sign in" }).click();
  await expect(admin.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();

  await admin.getByRole("button", { name: "New concert" }).click();
  const form = admin.getByRole("region", { name: "New concert" });
  await form.getByLabel("Title").fill(title);
  await form.getByLabel("Artist").fill("The Midnight Ferry");
  await form.getByLabel("Venue").fill("Busan Cinema Center");
  await form.getByLabel("Description").fill("An open-air evening by the sea.");
  await form.getByRole("button", { name: "Create concert" }).click();

  const card = admin.getByTestId("concert-stats").filter({ hasText: title });
  const dateForm = card.getByRole("form", { name: `Add a date to ${title}` });
  await expect(dateForm).toBeVisible();
  await dateForm.getByLabel("Date").fill(venueDate(10));
  await dateForm.getByLabel("Start time").fill("19:30");
  await dateForm.getByLabel("Price per seat (₩)").fill("77000");
  await dateForm.getByLabel("Seats", { exact: true }).fill("30");
  await dateForm.getByRole("button", { name: "Add date" }).click();
  await expect(dateForm.getByRole("status")).toContainText("with 30 seats");
  const row = card.getByRole("row").filter({ hasText: "19:30" });
  await expect(row).toContainText("30");

  const fan = await (await browser.newContext({ baseURL })).newPage();
  await lineUp(fan, title);
  await expectSeatMap(fan);
  await expect(fan.getByText("30 of 30 seats free")).toBeVisible();
  await expect(fan.getByRole("group", { name: "1. Pick a date" })).toContainText("19:30");
  await holdSeats(fan, [15]);
  await fan.getByTestId("hold-card").getByRole("link", { name: "Checkout" }).click();
  await fan.getByRole("button", { name: "Charge 77,000 P" }).click();
  await fan.getByRole("button", { name: "Pay ₩77,000" }).click();
  await expect(fan.getByRole("heading", { level: 1, name: "You're going!" })).toBeVisible();

  // The dashboard refreshes by itself: one sold, its revenue counted.
  await expect(row.getByRole("cell").nth(4)).toHaveText("1");
  await expect(row.getByRole("cell").nth(5)).toHaveText("₩77,000");
  await dateForm.getByRole("button", { name: "Close" }).click();
  await saveScreenshot(admin, "admin-dashboard");

  await admin.context().close();
  await fan.context().close();
});
