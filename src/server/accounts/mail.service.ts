import { createTransport } from "nodemailer";
import type { Config } from "@/env";
import type { Deps } from "../deps";
import { fetchPage, type PageQuery } from "../infra/cursor";
import { logger } from "../infra/logger";
import { findMail, markMailSent } from "./mail.repo";
import type { OutboxPage } from "./accounts.schema";

type Mail = { to: string; subject: string; body: string };

/** Hands one message to the mail server. */
type MailTransport = { send(mail: Mail): Promise<void> };

/**
 * SMTP (nodemailer) when `SMTP_URL` is set; none otherwise (embedded mode, tests): the outbox row
 * is then the message's only copy, read by admins (GET /admin/outbox).
 */
export function mailTransport(config: Pick<Config, "SMTP_URL" | "MAIL_FROM">): MailTransport | null {
  if (!config.SMTP_URL) return null;
  const smtp = createTransport(config.SMTP_URL);
  return {
    async send(mail) {
      await smtp.sendMail({ from: config.MAIL_FROM, to: mail.to, subject: mail.subject, text: mail.body });
    },
  };
}

const transports = new WeakMap<object, MailTransport | null>();

function transportOf(config: Config): MailTransport | null {
  if (!transports.has(config)) transports.set(config, mailTransport(config));
  return transports.get(config) ?? null;
}

/**
 * Sends a message kept in the outbox (`insertMail`, written in the transaction of what it tells),
 * and marks it sent. A mail server that refuses or does not answer is logged, not the caller's
 * failure: the row stays unsent, where an admin sees it.
 */
export async function deliverMail(
  deps: Pick<Deps, "db" | "config" | "clock">,
  mailId: string,
  mail: Mail,
  transport: MailTransport | null = transportOf(deps.config),
): Promise<void> {
  if (!transport) return;
  try {
    await transport.send(mail);
    await markMailSent(deps.db, mailId, deps.clock.now());
  } catch (err) {
    logger.error({ err, mailId }, "mail not sent");
  }
}

/** The outbox, newest first, a page at a time. */
export function listOutbox(deps: Pick<Deps, "db">, query: PageQuery): Promise<OutboxPage> {
  return fetchPage(
    query,
    (window) => findMail(deps.db, window),
    (r) => ({ at: r.createdAt, id: r.id }),
    (r) => ({
      mailId: r.id,
      to: r.to,
      subject: r.subject,
      body: r.body,
      createdAt: r.createdAt.toISOString(),
      sentAt: r.sentAt?.toISOString() ?? null,
    }),
  );
}
