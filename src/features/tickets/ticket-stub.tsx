import { useTranslations } from "next-intl";
import { useFormat } from "@/i18n/use-format";
import type { Concert, Reservation, Ticket } from "@/lib/trpc/types";
import { TicketQr } from "./ticket-qr";
import "./tickets.css";

/**
 * One seat as a ticket: what a fan shows at the door. A paid seat carries its signed code as a QR
 * code that staff scan at the check-in page, and as text to copy when scanning is not at hand.
 */
export function TicketStub({
  reservation,
  seat,
  concert,
  holder,
  ticket,
}: {
  reservation: Reservation;
  seat: Reservation["seats"][number];
  concert: Concert | undefined;
  holder: string | undefined;
  /** The seat's ticket, once paid. */
  ticket?: Ticket;
}) {
  const t = useTranslations("ticketStub");
  const f = useFormat();
  const showCode = ticket && ticket.status !== "REFUNDED";
  return (
    <li
      className="ticket"
      data-testid="ticket"
      data-ticket-code={showCode ? ticket.code : undefined}
      data-ticket-status={ticket?.status}
    >
      <div className="ticket__main">
        <p className="ticket__artist">{concert?.artist ?? "\u00a0"}</p>
        <p className="ticket__title">{reservation.concertTitle}</p>
        <p className="ticket__venue">
          {f.dateTime(reservation.startsAt)}
          {concert ? ` · ${concert.venue}` : ""}
        </p>
        <p className="ticket__holder">{holder ? t("admit", { name: holder }) : "\u00a0"}</p>
        {ticket?.status === "USED" && ticket.usedAt ? (
          <p className="ticket__used">{t("checkedIn", { date: f.dateTime(ticket.usedAt) })}</p>
        ) : null}
      </div>
      <div className="ticket__stub">
        <p className="ticket__seat-label">{t("seat")}</p>
        <p className="ticket__seat">{seat.seatNumber}</p>
        <p className="ticket__price">{f.won(seat.price)}</p>
      </div>
      {showCode ? (
        <>
          <div className="ticket__qr">
            <TicketQr code={ticket.code} label={t("codeFor", { seat: seat.seatNumber })} />
          </div>
          <details className="ticket__code-text">
            <summary>{t("showCode")}</summary>
            <code data-testid="ticket-code">{ticket.code}</code>
          </details>
        </>
      ) : null}
    </li>
  );
}
