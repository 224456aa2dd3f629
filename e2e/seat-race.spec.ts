import { expect, test } from "@playwright/test";
import { createConcert } from "./support/api";
import { reservationsOfSeat } from "./support/db";
import { expectSeatMap, lineUp, seat } from "./support/fan";

test("two fans race for one seat: one gets it, the other is told and sees it taken", async ({
  browser,
  request,
  baseURL,
}) => {
  const concert = await createConcert(request, { title: "Photo Finish" });
  const fans = await Promise.all([browser.newContext({ baseURL }), browser.newContext({ baseURL })]);
  const [a, b] = await Promise.all(fans.map((c) => c.newPage()));
  const pages = [a!, b!];

  for (const page of pages) {
    await lineUp(page, concert.title);
    await expectSeatMap(page);
    await seat(page, 10).click();
    await expect(seat(page, 10)).toHaveAttribute("data-state", "picked");
  }

  await Promise.all(pages.map((page) => page.getByRole("button", { name: "Hold seat" }).click()));

  const outcome = async (page: (typeof pages)[number]) => {
    const won = page.getByTestId("hold-card");
    const lost = page.getByRole("alert").filter({ hasText: "seat 10 was just taken by someone else" });
    await expect(won.or(lost)).toBeVisible();
    return (await won.isVisible()) ? "won" : "lost";
  };
  const results = await Promise.all(pages.map(outcome));
  expect([...results].sort()).toEqual(["lost", "won"]);
  // In the database too: exactly one reservation ever took seat 10, and it holds it.
  const seat10 = await reservationsOfSeat(concert.scheduleId, 10);
  expect(seat10).toHaveLength(1);
  expect(seat10[0]).toMatchObject({ seatStatus: "HELD", reservationStatus: "HELD" });

  const winner = pages[results.indexOf("won")]!;
  const loser = pages[results.indexOf("lost")]!;
  await expect(seat(winner, 10)).toHaveAttribute("data-state", "mine");
  await expect(seat(loser, 10)).toHaveAttribute("data-state", "held");
  await expect(seat(loser, 10)).toBeDisabled();
  await expect(loser.getByRole("alert").filter({ hasText: "seat 10" })).toContainText("Pick another seat.");

  // The loser can go on with another seat.
  await seat(loser, 11).click();
  await loser.getByRole("button", { name: "Hold seat" }).click();
  await expect(loser.getByTestId("hold-card")).toContainText("seat 11");
  // The loser's seat 11 is theirs, and seat 10 stays the winner's: two different fans.
  const seat11 = await reservationsOfSeat(concert.scheduleId, 11);
  expect(seat11).toHaveLength(1);
  expect(seat11[0]!.userId).not.toBe(seat10[0]!.userId);
  expect(await reservationsOfSeat(concert.scheduleId, 10)).toEqual(seat10);

  await Promise.all(fans.map((c) => c.close()));
});
