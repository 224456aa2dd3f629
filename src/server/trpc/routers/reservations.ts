import { ZPageQuery } from "../../infra/cursor";
import { cancelReservation, holdSeats, listReservations } from "../../reservations/reservations.service";
import { ZHoldSeats, ZReservation, ZReservationId, ZReservationList } from "../../reservations/reservations.schema";
import { getReservationWithTickets } from "../../tickets/tickets.service";
import { ZReservationWithTickets } from "../../tickets/tickets.schema";
import { router } from "../init";
import { queuePassProcedure, userProcedure } from "../procedures";

export const reservationsRouter = router({
  hold: queuePassProcedure
    .meta({
      openapi: { method: "POST", path: "/reservations", tags: ["reservations"] },
      successStatus: 201,
      errors: [
        "NOT_FOUND",
        "QUEUE_PASS_WRONG_CONCERT",
        "BOOKING_CLOSED",
        "SEAT_TAKEN",
        "SEAT_LIMIT",
        // Only with DATABASE_HOT_PATH=optimistic, when every retry found the rows changed.
        "CONFLICT",
        "UNAVAILABLE",
      ],
      rateLimit: "hold",
    })
    .input(ZHoldSeats)
    .output(ZReservation)
    .mutation(({ ctx, input }) => holdSeats(ctx.deps, ctx.userId, ctx.pass, input)),

  list: userProcedure
    .meta({ openapi: { method: "GET", path: "/reservations", tags: ["reservations"] }, errors: ["UNAVAILABLE"] })
    .input(ZPageQuery)
    .output(ZReservationList)
    .query(({ ctx, input }) => listReservations(ctx.deps, ctx.userId, input)),

  get: userProcedure
    .meta({
      openapi: { method: "GET", path: "/reservations/{id}", tags: ["reservations"] },
      errors: ["NOT_FOUND", "UNAVAILABLE"],
    })
    .input(ZReservationId)
    .output(ZReservationWithTickets)
    .query(({ ctx, input }) => getReservationWithTickets(ctx.deps, ctx.userId, input.id)),

  cancel: userProcedure
    .meta({
      openapi: { method: "DELETE", path: "/reservations/{id}", tags: ["reservations"] },
      errors: ["NOT_FOUND", "ALREADY_PAID", "ALREADY_ENDED", "UNAVAILABLE"],
      rateLimit: "none",
    })
    .input(ZReservationId)
    .output(ZReservation)
    .mutation(({ ctx, input }) => cancelReservation(ctx.deps, ctx.userId, input.id)),
});
