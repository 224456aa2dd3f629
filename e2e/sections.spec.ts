import { expect, test } from "@playwright/test";
import { concertCard, signInAsAdmin, venueDate } from "./support/admin";
import { expectSeatMap, lineUp, saveElementScreenshot, saveScreenshot, seat } from "./support/fan";

const SECTIONS = [
  { name: "VIP", from: "1", to: "5", price: "150000" },
  { name: "R", from: "6", to: "15", price: "110000" },
  { name: "S", from: "16", to: "30", price: "80000" },
];

test("staff create a date with three sections; a fan books a seat in each at its price", async ({
  browser,
  baseURL,
}) => {
  const title = `Three Rooms ${Date.now().toString(36).slice(-5)}`;
  const admin = await (await browser.newContext({ baseURL })).newPage();
  await signInAsAdmin(admin);

  await admin.getByRole("button", { name: "New concert" }).click();
  const concertForm = admin.getByRole("region", { name: "New concert" });
  await concertForm.getByLabel("Title").fill(title);
  await concertForm.getByLabel("Artist").fill("The Tiered Seats");
  await concertForm.getByLabel("Venue").fill("Sejong Center");
  await concertForm.getByRole("button", { name: "Create concert" }).click();

  const card = concertCard(admin, title);
  const dateForm = card.getByRole("form", { name: `Add a date to ${title}` });
  await expect(dateForm).toBeVisible();
  await dateForm.getByLabel("Date").fill(venueDate(12));
  await dateForm.getByLabel("Start time").fill("20:00");
  await dateForm.getByLabel("Seats", { exact: true }).fill("30");
  const rows = dateForm.getByTestId("section-row");
  for (const [i, s] of SECTIONS.entries()) {
    await dateForm.getByRole("button", { name: "Add a section" }).click();
    const row = rows.nth(i);
    await row.getByLabel(`Section ${i + 1} name`).fill(s.name);
    await row.getByLabel("First seat").fill(s.from);
    // A gap first: the server names the seats left out.
    await row.getByLabel("Last seat").fill(i === 1 ? "13" : s.to);
    await row.getByLabel("Price (₩)").fill(s.price);
  }
  await expect(dateForm.getByLabel("Price per seat (₩)")).toHaveCount(0);
  await dateForm.getByRole("button", { name: "Add date" }).click();
  await expect(dateForm.getByText("Seats 14-15 are in no section")).toBeVisible();
  await rows.nth(1).getByLabel("Last seat").fill("15");
  await dateForm.getByRole("button", { name: "Add date" }).click();
  await expect(dateForm.getByRole("status")).toContainText("with 30 seats");
  await dateForm.getByRole("button", { name: "Close" }).click();

  const fan = await (await browser.newContext({ baseURL })).newPage();
  await lineUp(fan, title);
  await expectSeatMap(fan);
  const legend = fan.getByRole("list", { name: "Sections" });
  await expect(legend.getByRole("listitem")).toHaveText(["VIP · ₩150,000", "R · ₩110,000", "S · ₩80,000"]);
  await expect(seat(fan, 3)).toHaveAccessibleName(/VIP, free, ₩150,000$/);
  await expect(seat(fan, 10)).toHaveAccessibleName(/R, free, ₩110,000$/);
  await expect(seat(fan, 20)).toHaveAccessibleName(/S, free, ₩80,000$/);
  await saveScreenshot(fan, "seat-map-sections");

  // One hold of a seat in each section costs the sum of their prices.
  for (const n of [3, 10, 20]) await seat(fan, n).click();
  await expect(fan.getByText("₩340,000")).toBeVisible();
  await fan.getByRole("button", { name: "Hold 3 seats" }).click();
  await expect(fan.getByTestId("hold-card")).toBeVisible();
  await fan.getByTestId("hold-card").getByRole("link", { name: "Checkout" }).click();
  await fan.getByRole("button", { name: "Charge 340,000 P" }).click();
  await fan.getByRole("button", { name: "Pay ₩340,000" }).click();
  await expect(fan.getByRole("heading", { level: 1, name: "You're going!" })).toBeVisible();

  // The dashboard refreshes by itself: one seat sold in each section, at its price.
  const sectionRow = (name: string) => card.getByTestId("section-stats").filter({ hasText: new RegExp(`^${name} ·`) });
  for (const [name, revenue] of [
    ["VIP", "₩150,000"],
    ["R", "₩110,000"],
    ["S", "₩80,000"],
  ]) {
    await expect(sectionRow(name!).getByRole("cell").nth(3)).toHaveText("1");
    await expect(sectionRow(name!).getByRole("cell").nth(4)).toHaveText(revenue!);
  }
  await saveElementScreenshot(card, "admin-sections-sales");

  const link = card.getByRole("link", { name: /as CSV$/ });
  const csv = await admin.request.get((await link.getAttribute("href"))!);
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toBe("text/csv; charset=utf-8");
  const lines = (await csv.text()).split("\r\n");
  expect(lines[0]).toBe("seat,section,price,reservation id,paid at,buyer id");
  expect(lines.slice(1, 4).map((l) => l.split(",").slice(0, 3).join(","))).toEqual([
    "3,VIP,150000",
    "10,R,110000",
    "20,S,80000",
  ]);

  // A new price for one section: its unsold seats take it, the sold seat keeps what it was sold at.
  await card.getByRole("button", { name: "Edit date" }).click();
  const edit = card.getByRole("form", { name: "Edit date" });
  await edit.getByLabel("New price of VIP").fill("160000");
  await edit.getByLabel("Seats", { exact: true }).fill("32");
  await edit.getByRole("button", { name: "Save date" }).click();
  await expect(edit).toHaveCount(0);
  await expect(sectionRow("VIP").getByRole("rowheader")).toHaveText("VIP · seats 1-5 · ₩160,000");
  await expect(sectionRow("S").getByRole("rowheader")).toHaveText("S · seats 16-32 · ₩80,000");
  await expect(sectionRow("VIP").getByRole("cell").nth(4)).toHaveText("₩150,000");

  await admin.context().close();
  await fan.context().close();
});
