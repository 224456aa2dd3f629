import { expect, type Locator, type Page } from "@playwright/test";
import { ADMIN_PASSWORD, VENUE_TIME_ZONE } from "./profiles";

export async function signInAsAdmin(page: Page): Promise<void> {
  await page.goto("/admin");
  await page.getByLabel("Password").fill(ADMIN_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
}

/**
 * yyyy-mm-dd of a day from now at the venue: the add-date form takes the venue's date and time,
 * whatever the zone of the browser (or of the machine running the tests).
 */
export function venueDate(daysFromNow: number): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: VENUE_TIME_ZONE }).format(Date.now() + daysFromNow * 86_400_000);
}

/** The dashboard's card of one concert. */
export function concertCard(page: Page, title: string): Locator {
  return page.getByTestId("concert-stats").filter({ has: page.getByRole("heading", { level: 2, name: title }) });
}
