import { expect, test } from "@playwright/test";
import { signInAsAdmin } from "./support/admin";
import { saveElementScreenshot } from "./support/fan";

test("an owner adds a staff account, and the staff member signs in without the staff page", async ({
  browser,
  baseURL,
}) => {
  const login = `box-office-${Date.now().toString(36).slice(-5)}`;
  const password = "a-long-staff-password";

  const owner = await (await browser.newContext({ baseURL })).newPage();
  await signInAsAdmin(owner);
  const panel = owner.getByRole("region", { name: "Staff accounts" });
  const form = panel.getByRole("form", { name: "Add a staff account" });
  await form.getByLabel("New login").fill(login);
  await form.getByLabel("New password").fill("too-short");
  await form.getByRole("button", { name: "Add account" }).click();
  await expect(form.getByText("Too short: use at least 12 characters.")).toBeVisible();
  await form.getByLabel("New password").fill(password);
  await form.getByLabel("Role").selectOption("staff");
  await form.getByRole("button", { name: "Add account" }).click();
  const row = panel.getByTestId("staff-row").filter({ hasText: login });
  await expect(row).toContainText("staff");
  // Clear of the sticky header, which would cover the panel's top in the picture.
  await panel.evaluate((el) => el.scrollIntoView({ block: "center" }));
  await saveElementScreenshot(panel, "admin-staff");

  const audit = owner.getByRole("region", { name: "Audit log" });
  await audit.getByLabel("Action").fill("staff.create");
  await audit.getByRole("button", { name: "Filter" }).click();
  await expect(audit.getByTestId("audit-entry").filter({ hasText: login }).first()).toContainText("added the account");
  await expect(audit.getByTestId("audit-entry").filter({ hasNotText: "added the account" })).toHaveCount(0);
  await saveElementScreenshot(audit, "admin-audit");

  const staff = await (await browser.newContext({ baseURL })).newPage();
  await staff.goto("/admin");
  await staff.getByLabel("Login").fill(login);
  await staff.getByLabel("Password").fill("not-the-password");
  await staff.getByRole("button", { name: "Sign in" }).click();
  await expect(staff.getByText("That login or password isn't right. Try again.")).toBeVisible();
  await staff.getByLabel("Password").fill(password);
  await staff.getByRole("button", { name: "Sign in" }).click();
  await expect(staff.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  await expect(staff.getByRole("heading", { level: 2, name: "Audit log" })).toBeVisible();
  await expect(staff.getByRole("region", { name: "Staff accounts" })).toHaveCount(0);

  await row.getByRole("button", { name: `Remove ${login}` }).click();
  await expect(row).toHaveCount(0);
  await staff.reload();
  await expect(staff.getByRole("heading", { name: "Admin sign in" })).toBeVisible();
});
