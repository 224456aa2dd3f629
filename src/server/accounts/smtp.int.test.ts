import { createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestApp } from "@/test/app";
import { call } from "@/test/http";

/**
 * With SMTP_URL the reset mail goes out through a mail server (nodemailer) and its outbox row is
 * marked sent. The server here is the least of SMTP: it takes every message and keeps it.
 */
const received: string[] = [];
let smtp: Server;
const settings: Record<string, string> = { MAIL_FROM: "Encore <no-reply@tickets.example.com>" };

beforeAll(async () => {
  smtp = createServer((socket: Socket) => {
    let data: string | null = null;
    let buffer = "";
    socket.write("220 test ESMTP\r\n");
    socket.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      for (;;) {
        if (data !== null) {
          const end = buffer.indexOf("\r\n.\r\n");
          if (end === -1) return;
          received.push(data + buffer.slice(0, end));
          buffer = buffer.slice(end + 5);
          data = null;
          socket.write("250 queued\r\n");
          continue;
        }
        const eol = buffer.indexOf("\r\n");
        if (eol === -1) return;
        const line = buffer.slice(0, eol).toUpperCase();
        buffer = buffer.slice(eol + 2);
        if (line.startsWith("EHLO")) socket.write("250-test\r\n250 8BITMIME\r\n");
        else if (line === "DATA") {
          data = "";
          socket.write("354 go on\r\n");
        } else if (line === "QUIT") socket.end("221 bye\r\n");
        else socket.write("250 ok\r\n");
      }
    });
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  settings.SMTP_URL = `smtp://127.0.0.1:${(smtp.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => smtp.close(() => resolve())));

const app = useTestApp(settings);

describe("mail with SMTP_URL", () => {
  it("sends the reset link through the mail server and marks the outbox row sent", async () => {
    const created = await call(app, "POST", "/accounts", {
      email: "smtp@example.com",
      password: "a-long-fan-password",
    });
    expect(created.status).toBe(201);
    expect((await call(app, "POST", "/accounts/password-reset", { email: "smtp@example.com" })).status).toBe(202);
    // The answer does not wait for the mail server.
    await expect.poll(() => received.length).toBe(1);
    expect(received[0]).toMatch(/^To: smtp@example.com\r$/m);
    expect(received[0]).toMatch(/^Subject: Reset your Encore password\r$/m);
    expect(received[0]).toContain("/account/reset?token=");
    await expect.poll(async () => (await app.deps.db.mailOutbox.findFirst())?.sentAt).not.toBeNull();
  });
});
