import { describe, expect, it } from "vitest";
import { mailTransport } from "./mail.service";

describe("the mail transport", () => {
  it("is none without SMTP_URL: mail stays in the outbox", () => {
    expect(mailTransport({ SMTP_URL: undefined, MAIL_FROM: "Encore <no-reply@localhost>" })).toBeNull();
  });

  it("is SMTP with SMTP_URL", () => {
    expect(mailTransport({ SMTP_URL: "smtp://mail.example.com:2525", MAIL_FROM: "Encore <a@b.c>" })).not.toBeNull();
  });
});
