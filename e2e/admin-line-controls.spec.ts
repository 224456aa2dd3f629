import { expect, test } from "@playwright/test";
import { createConcert, restFan, setLineControls } from "./support/api";
import { concertCard, signInAsAdmin } from "./support/admin";
import { expectSeatMap, lineUp, saveElementScreenshot } from "./support/fan";

test("an admin pauses a line and nobody is admitted until resume", async ({ browser, request, baseURL }) => {
  const concert = await createConcert(request, { title: "Slow Tide" });
  const admin = await (await browser.newContext({ baseURL })).newPage();
  await signInAsAdmin(admin);
  const card = concertCard(admin, concert.title);
  const controls = card.getByTestId("line-controls");
  await expect(controls.getByTestId("line-state")).toHaveText("Open");

  // Pausing asks first; cancelling leaves the line running.
  const dialog = admin.getByRole("dialog", { name: `Pause the line for ${concert.title}?` });
  await controls.getByRole("button", { name: "Pause line" }).click();
  await expect(dialog).toContainText("Nobody is let in until you resume.");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(controls.getByTestId("line-state")).toHaveText("Open");

  await controls.getByRole("button", { name: "Pause line" }).click();
  await dialog.getByRole("button", { name: "Pause line" }).click();
  await expect(dialog).toBeHidden();
  await expect(controls.getByTestId("line-state")).toHaveText("Paused");

  // Fans who come now wait, every slot free as it is: one in the browser, two through the API.
  const fan = await (await browser.newContext({ baseURL })).newPage();
  await lineUp(fan, concert.title);
  await expect(fan).toHaveURL(/\/queue$/);
  await expect(fan.getByTestId("queue-position")).toHaveText("1");
  const others = [await restFan(request, concert.concertId), await restFan(request, concert.concertId)];
  expect(await others[0]!.join()).toMatchObject({ status: "WAITING", position: 2 });
  expect(await others[1]!.join()).toMatchObject({ status: "WAITING", position: 3 });

  // Nobody is let in over several seconds: many admission ticks.
  const until = Date.now() + 4_000;
  while (Date.now() < until) {
    for (const other of others) expect((await other.status()).status).toBe("WAITING");
    expect(fan.url()).toMatch(/\/queue$/);
    await fan.waitForTimeout(500);
  }
  await expect(fan.getByTestId("queue-position")).toHaveText("1");
  await expect(card.getByTestId("line-waiting")).toHaveText("3");
  await expect(card.getByTestId("line-active")).toHaveText("0");
  await saveElementScreenshot(card, "admin-line-controls");

  const audit = admin.getByRole("region", { name: "Audit log" });
  // The line's changes (the concert's creation is in the log too).
  const entries = audit
    .getByTestId("audit-entry")
    .filter({ hasText: concert.title })
    .filter({ hasText: "changed the line of" });
  await expect(entries).toHaveCount(1);
  await expect(entries.first()).toContainText(/Paused\W*no\W*changed to\W*yes/);

  // Resuming needs no confirmation, and lets them in.
  await controls.getByRole("button", { name: "Resume line" }).click();
  await expect(controls.getByTestId("line-state")).toHaveText("Open");
  await expectSeatMap(fan);
  for (const other of others) await expect.poll(async () => (await other.status()).status).toBe("ACTIVE");
  await expect(card.getByTestId("line-active")).toHaveText("3");

  // Newest first.
  await expect(entries).toHaveCount(2);
  await expect(entries.first()).toContainText(/Paused\W*yes\W*changed to\W*no/);

  await admin.context().close();
  await fan.context().close();
});

test("an admin closes a line: the fans in it are told, and nobody new gets in until it reopens", async ({
  browser,
  request,
  baseURL,
}) => {
  const concert = await createConcert(request, { title: "Last Call" });
  // Paused, so the fan is still in line when it closes.
  await setLineControls(request, concert.concertId, { paused: true });
  const fan = await (await browser.newContext({ baseURL })).newPage();
  await lineUp(fan, concert.title);
  await expect(fan.getByTestId("queue-position")).toHaveText("1");

  const admin = await (await browser.newContext({ baseURL })).newPage();
  await signInAsAdmin(admin);
  const controls = concertCard(admin, concert.title).getByTestId("line-controls");
  await expect(controls.getByTestId("line-state")).toHaveText("Paused");
  await controls.getByRole("button", { name: "Close line" }).click();
  const dialog = admin.getByRole("dialog", { name: `Close the line for ${concert.title}?` });
  await expect(dialog).toContainText("1 fan is in line now.");
  await dialog.getByRole("button", { name: "Close line" }).click();
  await expect(dialog).toBeHidden();
  await expect(controls.getByTestId("line-state")).toHaveText("Closed");

  // The fan in line is told, with no way back into it.
  await expect(fan.getByTestId("line-closed")).toContainText("This line has been closed");
  await expect(fan.getByRole("button", { name: /line up|get in line/i })).toHaveCount(0);

  // A newcomer is refused, in the API and on the concert page.
  const late = await restFan(request, concert.concertId);
  const refused = await late.tryJoin();
  expect(refused.status()).toBe(409);
  expect(await refused.text()).toContain("LINE_CLOSED");
  const newcomer = await (await browser.newContext({ baseURL })).newPage();
  await lineUp(newcomer, concert.title);
  await expect(newcomer.getByTestId("line-closed")).toContainText("has been closed");
  await expect(newcomer).not.toHaveURL(/\/queue$/);

  await controls.getByRole("button", { name: "Reopen line" }).click();
  await expect(controls.getByTestId("line-state")).toHaveText("Paused");
  expect((await late.join()).status).toBe("WAITING");

  for (const page of [fan, admin, newcomer]) await page.context().close();
});
