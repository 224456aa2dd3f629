import { expect, test, type Locator, type Page } from "@playwright/test";
import { createConcert } from "./support/api";
import { ADMIN_PASSWORD } from "./support/profiles";
import { saveScreenshot } from "./support/fan";

/** A seat button by its Korean accessible name ("7번 좌석, 선택 가능, 150,000원"). */
function seatKo(page: Page, n: number): Locator {
  return page.getByRole("button", { name: new RegExp(`^${n}번 좌석,`) });
}

test("a fan whose browser speaks Korean books in Korean, in the venue's time, and can switch to English", async ({
  browser,
  request,
  baseURL,
}) => {
  // 10:30 UTC a week from now: 19:30 at the venue (Asia/Seoul), whatever the fan's own zone.
  const concert = await createConcert(request, { title: "Han River Nights", price: 150_000 });
  const context = await browser.newContext({ baseURL, locale: "ko-KR", timezoneId: "America/Los_Angeles" });
  const page = await context.newPage();

  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "ko");
  await expect(page.getByRole("heading", { level: 1, name: "공연" })).toBeVisible();
  await expect(page.getByRole("link", { name: "내 티켓" })).toBeVisible();
  await expect(page.getByRole("link", { name: concert.title })).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: concert.title })).toContainText(
    /\d{4}년 \d{1,2}월 \d{1,2}일 \([월화수목금토일]\) 19:30부터/,
  );
  await saveScreenshot(page, "concerts-ko");

  await page.getByRole("link", { name: concert.title }).click();
  await expect(page.getByRole("heading", { level: 1, name: concert.title })).toBeVisible();
  await expect(page.getByText("첫 공연")).toBeVisible();
  await page.getByRole("button", { name: "대기열 서기" }).click();

  await expect(page).toHaveURL(/\/book$/);
  await expect(page.getByRole("list", { name: "좌석", exact: true })).toBeVisible();
  await expect(page.getByRole("group", { name: "1. 날짜 선택" })).toContainText("19:30");
  await expect(page.getByText("잔여 50석 / 전체 50석")).toBeVisible();
  await expect(seatKo(page, 3)).toHaveAccessibleName("3번 좌석, 선택 가능, 150,000원");
  await seatKo(page, 3).click();
  await expect(seatKo(page, 3)).toHaveAccessibleName("3번 좌석, 선택함, 150,000원");
  await page.getByRole("button", { name: "좌석 선점", exact: true }).click();
  const hold = page.getByTestId("hold-card");
  await expect(hold).toContainText("선점: 3번 좌석");
  await expect(hold).toContainText("150,000원");
  await expect(seatKo(page, 3)).toHaveAttribute("data-state", "mine");
  await saveScreenshot(page, "seat-map-ko");

  await hold.getByRole("link", { name: "결제하기" }).click();
  await expect(page.getByTestId("order-total")).toHaveText("150,000원");
  await expect(page.getByTestId("balance")).toHaveText("0 P");
  await expect(page.getByRole("button", { name: "150,000원 결제" })).toBeDisabled();
  await expect(page.getByLabel("충전 금액")).toHaveValue("150000");
  await saveScreenshot(page, "checkout-ko");

  await page.getByRole("button", { name: "150,000 P 충전" }).click();
  await expect(page.getByTestId("balance")).toHaveText("150,000 P");
  await page.getByRole("button", { name: "150,000원 결제" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "예매가 완료되었습니다!" })).toBeVisible();
  await expect(page.getByTestId("ticket")).toContainText(concert.title);
  await saveScreenshot(page, "confirmation-ko");

  // The switcher changes the language on the spot, and the choice outlives a reload.
  await page.goto("/");
  await page.getByRole("group", { name: "언어" }).getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Concerts" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  const cookie = (await context.cookies()).find((c) => c.name === "locale");
  expect(cookie).toMatchObject({ value: "en", sameSite: "Lax" });
  expect(cookie!.expires - Date.now() / 1000).toBeGreaterThan(360 * 86_400);
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Concerts" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("link", { name: "My tickets" })).toBeVisible();

  await page.getByRole("group", { name: "Language" }).getByRole("button", { name: "한국어" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "공연" })).toBeVisible();
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("lang", "ko");
  await context.close();
});

test("staff whose browser speaks Korean run the box office in Korean, in the venue's time", async ({
  browser,
  request,
  baseURL,
}) => {
  const concert = await createConcert(request, { title: "Seoul Forest Live", price: 88_000 });
  const context = await browser.newContext({ baseURL, locale: "ko-KR", timezoneId: "Europe/Berlin" });
  const admin = await context.newPage();

  await admin.goto("/admin");
  await expect(admin.locator("html")).toHaveAttribute("lang", "ko");
  await admin.getByLabel("비밀번호").fill("not-the-password");
  await admin.getByRole("button", { name: "로그인", exact: true }).click();
  await expect(admin.getByText("비밀번호가 올바르지 않습니다. 다시 시도해 주세요.")).toBeVisible();
  await admin.getByLabel("비밀번호").fill(ADMIN_PASSWORD);
  await admin.getByRole("button", { name: "로그인", exact: true }).click();
  await expect(admin.getByRole("heading", { level: 1, name: "대시보드" })).toBeVisible();

  const card = admin.getByTestId("concert-stats").filter({ hasText: concert.title });
  // 10:30 UTC is 19:30 at the venue, whatever the zone of the staff's browser.
  await expect(card.getByRole("row").filter({ hasText: "19:30" })).toContainText(
    /\d{4}년 \d{1,2}월 \d{1,2}일 \([월화수목금토일]\) 19:30/,
  );
  await expect(card.getByRole("row").filter({ hasText: "19:30" })).toContainText("0원");
  await expect(card.getByRole("button", { name: "회차 추가" })).toBeVisible();
  await expect(admin.getByRole("region", { name: "감사 로그" })).toBeVisible();
  await saveScreenshot(admin, "admin-dashboard-ko");
  await context.close();
});
