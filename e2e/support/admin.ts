import { expect, type Locator, type Page } from "@playwright/test";
import { ADMIN_PASSWORD } from "./profiles";

export async function signInAsAdmin(page: Page): Promise<void> {
  await page.goto("/admin");
  await page.getByLabel("Password").fill(ADMIN_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
}

/** The dashboard's card of one concert. */
export function concertCard(page: Page, title: string): Locator {
  return page.getByTestId("concert-stats").filter({ has: page.getByRole("heading", { level: 2, name: title }) });
}
