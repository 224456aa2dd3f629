import { expect, test } from "@playwright/test";
import { signInAsAdmin } from "./support/admin";
import { createConcert } from "./support/api";
import { buySeat, saveScreenshot } from "./support/fan";

test("a fan's ticket shows a QR code; staff check its code in once, and a second check-in is refused", async ({
  page,
  browser,
}) => {
  const concert = await createConcert(page.request, { title: "Door Test", price: 30_000 });
  await buySeat(page, concert, 12);

  const ticket = page.getByTestId("ticket");
  await expect(ticket).toHaveCount(1);
  await expect(ticket.getByRole("img", { name: "Ticket code for seat 12" })).toBeVisible();
  const code = await ticket.getAttribute("data-ticket-code");
  expect(code).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  await ticket.getByText("Show the code as text").click();
  await expect(ticket.getByTestId("ticket-code")).toHaveText(code!);
  await expect(page.getByRole("button", { name: "Print tickets" })).toBeVisible();
  await saveScreenshot(page, "ticket-qr");
  // Printed: the tickets alone, no navigation or buttons.
  await page.emulateMedia({ media: "print" });
  await expect(page.locator(".site-header")).toBeHidden();
  await expect(page.getByRole("button", { name: "Print tickets" })).toBeHidden();
  await expect(ticket.getByRole("img", { name: "Ticket code for seat 12" })).toBeVisible();
  await page.emulateMedia({ media: "screen" });

  const staff = await browser.newPage();
  await signInAsAdmin(staff);
  await staff.getByRole("link", { name: "Check-in" }).click();
  await expect(staff.getByRole("heading", { level: 1, name: "Check-in" })).toBeVisible();
  const field = staff.getByLabel("Ticket code");
  const outcome = staff.getByTestId("check-in-outcome");

  await field.fill(code!);
  await staff.getByRole("button", { name: "Check in", exact: true }).click();
  await expect(outcome).toContainText("Admitted");
  await expect(outcome).toContainText("Seat 12");
  await expect(outcome).toContainText(concert.title);
  await expect(field).toHaveValue("");
  await saveScreenshot(staff, "check-in-admitted");

  await field.fill(code!);
  await staff.getByRole("button", { name: "Check in", exact: true }).click();
  await expect(outcome).toContainText(/Already used at \d{2}:\d{2}/);

  // A code changed in one character is not a ticket of this service.
  await field.fill(`${code!.slice(0, -1)}${code!.endsWith("A") ? "B" : "A"}`);
  await staff.getByRole("button", { name: "Check in", exact: true }).click();
  await expect(outcome).toContainText("Not a ticket of this service");
  await staff.close();

  await page.reload();
  await expect(page.getByTestId("ticket")).toHaveAttribute("data-ticket-status", "USED");
  await expect(page.getByTestId("ticket")).toContainText("Checked in");
});
