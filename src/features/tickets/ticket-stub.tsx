import type { Concert, Reservation } from "@/lib/trpc/types";
import { formatDateTime, formatWon } from "@/lib/format";

/** One seat as a ticket: what a fan shows at the door. */
export function TicketStub({
  reservation,
  seat,
  concert,
  holder,
}: {
  reservation: Reservation;
  seat: Reservation["seats"][number];
  concert: Concert | undefined;
  holder: string | undefined;
}) {
  const code = `${reservation.reservationId.slice(0, 8)}-${String(seat.seatNumber).padStart(3, "0")}`.toUpperCase();
  return (
    <li className="ticket" data-testid="ticket">
      <div className="ticket__main">
        <p className="ticket__artist">{concert?.artist ?? "\u00a0"}</p>
        <p className="ticket__title">{reservation.concertTitle}</p>
        <p className="ticket__venue">
          {formatDateTime(reservation.startsAt)}
          {concert ? ` · ${concert.venue}` : ""}
        </p>
        <p className="ticket__holder">{holder ? `Admit ${holder}` : "\u00a0"}</p>
      </div>
      <div className="ticket__stub">
        <p className="ticket__seat-label">Seat</p>
        <p className="ticket__seat">{seat.seatNumber}</p>
        <p className="ticket__price">{formatWon(seat.price)}</p>
        <p className="ticket__code">{code}</p>
      </div>
    </li>
  );
}
