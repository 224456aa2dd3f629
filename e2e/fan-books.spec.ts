import { expect, test } from "@playwright/test";
import { createConcert, otherFan } from "./support/api";
import { balanceAndLedger, reservationsOfSeat } from "./support/db";
import { expectSeatMap, holdSeats, lineUp, saveScreenshot, seat } from "./support/fan";

test("a fan lines up, picks a seat, charges points, pays, and sees the ticket", async ({ page, request }) => {
  const concert = await createConcert(request, { title: "Spring Lights", price: 55_000 });
  // Other fans got here first.
  const buyer = await otherFan(request, concert);
  const holder = await otherFan(request, concert);
  await holder.hold([12, 13]);
  await buyer.buy([24, 25, 26]);

  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Concerts" })).toBeVisible();
  await expect(page.getByRole("link", { name: concert.title })).toBeVisible();

  // A guest identity from the first visit, held in a cookie that scripts cannot read.
  const account = page.getByRole("button", { name: /^Guest \d{4}, change your name$/ });
  await expect(account).toBeVisible();
  const cookies = await page.context().cookies();
  expect(cookies.find((c) => c.name === "cb_access")).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: true });
  expect(await page.evaluate(() => document.cookie)).not.toContain("cb_access");
  await account.click();
  await page.getByLabel("Your name on tickets").fill("Mina");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("button", { name: "Mina, change your name" })).toBeVisible();
  await saveScreenshot(page, "concerts");

  await lineUp(page, concert.title);
  await expectSeatMap(page);
  await expect(page.getByText("45 of 50 seats free")).toBeVisible();
  await expect(seat(page, 7)).toHaveAttribute("data-state", "free");
  await expect(seat(page, 12)).toHaveAttribute("data-state", "held");
  await expect(seat(page, 12)).toBeDisabled();
  await expect(seat(page, 25)).toHaveAttribute("data-state", "sold");
  await expect(seat(page, 25)).toHaveAccessibleName("Seat 25, sold, ₩55,000");

  await holdSeats(page, [7]);
  await expect(seat(page, 7)).toHaveAttribute("data-state", "mine");
  await expect(page.getByTestId("hold-card")).toContainText("Held: seat 7");
  await expect(page.getByTestId("hold-countdown").first()).toHaveText(/^0[45]:\d\d$/);
  await saveScreenshot(page, "seat-map-with-hold");

  await page.getByTestId("hold-card").getByRole("link", { name: "Checkout" }).click();
  await expect(page.getByRole("heading", { name: "Your seats" })).toBeVisible();
  await expect(page.getByTestId("order-total")).toHaveText("₩55,000");
  await expect(page.getByTestId("balance")).toHaveText("0 P");
  await expect(page.getByRole("button", { name: "Pay ₩55,000" })).toBeDisabled();

  await page.getByLabel("Amount to charge").fill("60000");
  await page.getByRole("button", { name: "Charge 60,000 P" }).click();
  await expect(page.getByTestId("balance")).toHaveText("60,000 P");

  await page.getByRole("button", { name: "Pay ₩55,000" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "You're going!" })).toBeVisible();
  const ticket = page.getByTestId("ticket");
  await expect(ticket).toHaveCount(1);
  await expect(ticket).toContainText(concert.title);
  await expect(ticket).toContainText("7");
  await expect(ticket).toContainText("Admit Mina");
  // Stored, not only shown: seat 7 is SOLD to one confirmed reservation, and the buyer's balance
  // is the sum of their ledger (60,000 charged, 55,000 paid).
  const reservations = await reservationsOfSeat(concert.scheduleId, 7);
  expect(reservations).toHaveLength(1);
  expect(reservations[0]).toMatchObject({ seatStatus: "SOLD", reservationStatus: "CONFIRMED" });
  expect(await balanceAndLedger(reservations[0]!.userId)).toEqual({ balance: 5_000, ledgerSum: 5_000 });
  await saveScreenshot(page, "confirmation");

  await page.getByRole("link", { name: "My tickets" }).first().click();
  const row = page.getByTestId("booking-row").filter({ hasText: concert.title });
  await expect(row).toContainText("Confirmed");
  await expect(row).toContainText("seat 7");

  await page.getByRole("link", { name: "My points" }).click();
  await expect(page.getByTestId("points-balance")).toHaveText("5,000 P");
  await expect(page.getByRole("row", { name: /Paid for tickets/ })).toContainText("55,000 P");
  await expect(page.getByRole("row", { name: /Charged/ })).toContainText("60,000 P");
});
