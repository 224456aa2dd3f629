import { expect, test, type Locator, type Page } from "@playwright/test";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TestConcert } from "./api";
import { PROFILES, type ProfileName } from "./profiles";

const SCREENSHOTS = fileURLToPath(new URL("../../docs/screenshots/", import.meta.url));

/**
 * The docs show the production entry. A spec that also runs through `next start` would write the
 * same files at the same time as its run on the production entry.
 */
function takesDocScreenshots(): boolean {
  return PROFILES[test.info().project.name as ProfileName].entry === "production";
}

/** Saves a screenshot of a main screen for the docs (overwritten on every run). */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  if (!takesDocScreenshots()) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  // Let transitions and fonts settle so the picture shows the final state.
  await page.mouse.move(0, 0);
  await page.evaluate(async () => {
    await document.fonts.ready;
    window.scrollTo(0, 0);
  });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true, animations: "disabled" });
}

/** Saves a screenshot of one part of a screen for the docs (overwritten on every run). */
export async function saveElementScreenshot(locator: Locator, name: string): Promise<void> {
  if (!takesDocScreenshots()) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await locator.page().mouse.move(0, 0);
  await locator.page().evaluate(() => document.fonts.ready);
  await locator.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), animations: "disabled" });
}

export function seat(page: Page, n: number): Locator {
  return page.getByRole("button", { name: new RegExp(`^Seat ${n},`) });
}

/** From the concert list to the seats: open the concert, get in line, get admitted. */
export async function lineUp(page: Page, title: string): Promise<void> {
  await page.goto("/");
  await page.getByRole("link", { name: title }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await page.getByRole("button", { name: "Get in line" }).click();
}

export async function expectSeatMap(page: Page): Promise<void> {
  await expect(page).toHaveURL(/\/book$/);
  await expect(page.getByRole("list", { name: "Seats" })).toBeVisible();
}

export async function holdSeats(page: Page, seats: number[]): Promise<void> {
  for (const n of seats) await seat(page, n).click();
  await page.getByRole("button", { name: /^Hold (seat|\d+ seats)$/ }).click();
  await expect(page.getByTestId("hold-card")).toBeVisible();
}

/** Charges points on the My points page. */
export async function chargePoints(page: Page, amount: number): Promise<void> {
  await page.getByLabel("Amount to charge").fill(String(amount));
  await page.getByRole("button", { name: /^Charge/ }).click();
  await expect(page.getByRole("status").filter({ hasText: "Your balance is now" })).toBeVisible();
}

/** The fan in `page` charges points, then books and pays for one seat of the concert's date. */
export async function buySeat(
  page: Page,
  concert: Pick<TestConcert, "title" | "price">,
  seatNumber: number,
): Promise<void> {
  await page.goto("/points");
  await chargePoints(page, 100_000);
  await page.goto("/");
  await lineUp(page, concert.title);
  await expectSeatMap(page);
  await holdSeats(page, [seatNumber]);
  await page.getByTestId("hold-card").getByRole("link", { name: "Checkout" }).click();
  await page.getByRole("button", { name: `Pay ₩${concert.price.toLocaleString("en-US")}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: "You're going!" })).toBeVisible();
}
