import { TRPCClientError } from "@trpc/client";
import { describe, expect, it } from "vitest";
import { errorMessage, errorReason, fieldErrors, inputIssues, ruleMessage } from "./errors";

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
    expect(errorMessage(schemaRefusal, { BAD_REQUEST: ruleMessage(schemaRefusal) })).toBe(
      "Some of the details aren't valid. Check them and try again.",
    );
  });
});
