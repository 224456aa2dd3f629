import { TRPCClientError } from "@trpc/client";
import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import en from "../../messages/en.json";
import ko from "../../messages/ko.json";
import { errorMessage, errorReason, fieldErrors, inputIssues, ruleMessage, type ErrorReason } from "./errors";

/** The codes worded as the UI words them, in one language. */
function wording(locale: "en" | "ko"): (reason: ErrorReason) => string {
  const t = createTranslator({ locale, messages: locale === "en" ? en : ko, namespace: "errors" });
  return (reason) => t(reason);
}

/** A tRPC client error as the client makes it from the server's error answer (see init.ts). */
function answered(message: string, data: Record<string, unknown>) {
  return TRPCClientError.from({ error: { message, code: -32600, data } });
}

const schemaRefusal = answered("[{...}]", {
  reason: "BAD_REQUEST",
  httpStatus: 400,
  issues: [
    { path: "seatCount", message: "Too big" },
    { path: "seatCount", message: "Second issue of the same field" },
    { path: "price", message: "Too small" },
    { path: "", message: "Unrecognized key" },
  ],
});
const ruleRefusal = answered("startsAt must be in the future", { reason: "BAD_REQUEST", httpStatus: 400 });

describe("input issues in the UI", () => {
  it("reads the reason and the issues from the error's data", () => {
    expect(errorReason(schemaRefusal)).toBe("BAD_REQUEST");
    expect(inputIssues(schemaRefusal)).toHaveLength(4);
    expect(inputIssues(ruleRefusal)).toEqual([]);
    expect(inputIssues(new Error("offline"))).toEqual([]);
    expect(inputIssues(null)).toEqual([]);
  });

  it("maps issues to form fields, the first of each, leaving unmapped paths out", () => {
    expect(fieldErrors(schemaRefusal, { seatCount: "seats", price: "price", startsAt: "date" })).toEqual({
      seats: "Too big",
      price: "Too small",
    });
    // A path that only looks like an object's own property is not a field.
    expect(fieldErrors(answered("x", { issues: [{ path: "toString", message: "m" }] }), {})).toEqual({});
  });

  it("gives the server's sentence only for a BAD_REQUEST that a rule refused, not the schema", () => {
    expect(ruleMessage(ruleRefusal)).toBe("startsAt must be in the future");
    expect(ruleMessage(schemaRefusal)).toBeUndefined();
    expect(ruleMessage(answered("Seat taken", { reason: "SEAT_TAKEN" }))).toBeUndefined();
    expect(errorMessage(schemaRefusal, wording("en"), { BAD_REQUEST: ruleMessage(schemaRefusal) })).toBe(
      "Some of the details aren't valid. Check them and try again.",
    );
    expect(errorMessage(ruleRefusal, wording("en"), { BAD_REQUEST: ruleMessage(ruleRefusal) })).toBe(
      "startsAt must be in the future",
    );
  });
});

describe("error wording in the fan's language", () => {
  const seatTaken = answered("Seat 7 is taken", { reason: "SEAT_TAKEN", httpStatus: 409 });
  const offline = new TRPCClientError("fetch failed");

  it("words the API's code in English or Korean; the code itself stays", () => {
    expect(errorReason(seatTaken)).toBe("SEAT_TAKEN");
    expect(errorMessage(seatTaken, wording("en"))).toBe(
      "Someone else just took one of those seats. Pick another seat.",
    );
    expect(errorMessage(seatTaken, wording("ko"))).toBe(
      "방금 다른 분이 그 좌석 중 하나를 선택했습니다. 다른 좌석을 골라 주세요.",
    );
    expect(errorMessage(offline, wording("ko"))).toBe(
      "서버에 연결할 수 없습니다. 인터넷 연결을 확인하고 다시 시도해 주세요.",
    );
    expect(errorMessage(null, wording("en"))).toBe("Something went wrong on our side. Please try again.");
  });

  it("takes a screen's own wording of a code over the generic one, never for NETWORK or UNKNOWN", () => {
    expect(errorMessage(seatTaken, wording("ko"), { SEAT_TAKEN: "그 좌석은 이미 팔렸습니다." })).toBe(
      "그 좌석은 이미 팔렸습니다.",
    );
    expect(errorMessage(seatTaken, wording("en"), { HOLD_EXPIRED: "not this one" })).toBe(
      "Someone else just took one of those seats. Pick another seat.",
    );
    expect(errorMessage(offline, wording("en"), { UNAUTHORIZED: "not this one" })).toBe(
      "We can't reach the server. Check your connection and try again.",
    );
  });
});
