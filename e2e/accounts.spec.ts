import { expect, test, type APIRequestContext } from "@playwright/test";
import { createConcert } from "./support/api";
import { expectSeatMap, holdSeats, lineUp, saveScreenshot } from "./support/fan";
import { ADMIN_PASSWORD } from "./support/profiles";

const PASSWORD = "my-first-encore-password";
const NEW_PASSWORD = "my-second-encore-password";

/** The token of the newest reset link mailed to `email`, read from the outbox as an admin. */
async function resetToken(request: APIRequestContext, email: string): Promise<string> {
  const session = await request.post("/api/v1/admin/session", { data: { password: ADMIN_PASSWORD } });
  const { adminToken } = (await session.json()) as { adminToken: string };
  const res = await request.get("/api/v1/admin/outbox", { headers: { authorization: `Bearer ${adminToken}` } });
  expect(res.status(), await res.text()).toBe(200);
  const { items } = (await res.json()) as { items: { to: string; body: string }[] };
  const mail = items.find((m) => m.to === email);
  expect(mail, "a reset mail in the outbox").toBeDefined();
  return /\/account\/reset\?token=([\w-]+)/.exec(mail!.body)![1]!;
}

test("a guest books, keeps the tickets with an account, and sees them on a second device", async ({
  page,
  browser,
  request,
}) => {
  const concert = await createConcert(request, { title: "Harbor Echoes", price: 40_000 });
  const email = `fan-${Date.now().toString(36)}@example.com`;

  await lineUp(page, concert.title);
  await expectSeatMap(page);
  await holdSeats(page, [9]);
  await page.getByTestId("hold-card").getByRole("link", { name: "Checkout" }).click();
  await expect(page.getByTestId("order-total")).toHaveText("₩40,000");

  // Mid-checkout the guest makes an account: the same fan, so the hold stays and checkout resumes.
  await page.getByTestId("keep-tickets").getByRole("link", { name: "Create an account" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Create an account" })).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("too-short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Use at least 12 characters.")).toBeVisible();
  await page.getByLabel("Password").fill(PASSWORD);
  await saveScreenshot(page, "account-sign-up");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByTestId("order-total")).toHaveText("₩40,000");
  await expect(page.getByTestId("keep-tickets")).toHaveCount(0);
  const cookies = await page.context().cookies();
  expect(cookies.find((c) => c.name === "cb_refresh")).toMatchObject({ httpOnly: true, sameSite: "Lax" });
  expect(await page.evaluate(() => document.cookie)).not.toContain("cb_refresh");

  await page.getByLabel("Amount to charge").fill("40000");
  await page.getByRole("button", { name: "Charge 40,000 P" }).click();
  await page.getByRole("button", { name: "Pay ₩40,000" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "You're going!" })).toBeVisible();

  // A second device: a fresh browser context signs in and finds the ticket.
  const laptop = await browser.newContext();
  const second = await laptop.newPage();
  await second.goto("/");
  await second.getByTestId("account-link").click();
  await expect(second.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  await second.getByLabel("Email").fill(email);
  await second.getByLabel("Password").fill("not-my-password-at-all");
  await second.getByRole("button", { name: "Sign in" }).click();
  await expect(second.getByText("That email or password isn't right. Try again.")).toBeVisible();
  await second.getByLabel("Password").fill(PASSWORD);
  await second.getByRole("button", { name: "Sign in" }).click();
  await expect(second).toHaveURL(/\/tickets$/);
  const row = second.getByTestId("booking-row").filter({ hasText: concert.title });
  await expect(row).toContainText("Confirmed");
  await expect(row).toContainText("seat 9");

  await second.getByTestId("account-link").click();
  await expect(second.getByTestId("account-email")).toHaveText(email);
  await saveScreenshot(second, "account");
  await second.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(second.getByTestId("account-link")).toHaveText("Sign in");
  await laptop.close();
});

test("a fan resets a forgotten password through the mailed link", async ({ browser, request }) => {
  const email = `reset-${Date.now().toString(36)}@example.com`;
  const signUp = await request.post("/api/v1/accounts", { data: { email, password: PASSWORD } });
  expect(signUp.status(), await signUp.text()).toBe(201);

  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/account/sign-in");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Reset your password" })).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send the link" }).click();
  await expect(page.getByText("Check your email")).toBeVisible();

  const token = await resetToken(request, email);
  await page.goto(`/account/reset?token=${token}`);
  await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByText("Your password is changed")).toBeVisible();

  // The link works once.
  await page.goto(`/account/reset?token=${token}`);
  await page.getByLabel("New password", { exact: true }).fill(`${NEW_PASSWORD}-again`);
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByText("This link has expired or was already used. Ask for a new one.")).toBeVisible();

  await page.goto("/account/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/tickets$/);
  await page.goto("/account");
  await expect(page.getByTestId("account-email")).toHaveText(email);
  await context.close();
});
