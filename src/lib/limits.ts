import { ZSignUp } from "@/server/accounts/accounts.schema";
import { DEFAULT_SEAT_COUNT, ZCreateConcert, ZCreateSchedule, ZUpdateLineControls } from "@/server/admin/admin.schema";
import { MAX_PAGE_SIZE } from "@/server/infra/cursor";
import { MAX_CHARGE } from "@/server/points/points.schema";
import { MAX_SEATS_PER_HOLD } from "@/server/reservations/reservations.schema";
import { ZCreateStaff } from "@/server/staff/staff.schema";
import { ZUserName } from "@/server/users/users.schema";

/**
 * The input limits the forms check before sending, read from the server's own input schemas
 * (zod only, safe in the browser), so a limit changed there is the limit shown and checked here.
 */

function bound(value: number | null, what: string): number {
  // A schema that lost its bound must fail loudly, not let the form accept anything.
  if (value === null) throw new Error(`The input schema no longer bounds ${what}`);
  return value;
}

const concert = ZCreateConcert.shape;
const schedule = ZCreateSchedule.shape;
const line = ZUpdateLineControls.shape;

export const LIMITS = {
  /** Items in one page of a list. */
  pageSize: MAX_PAGE_SIZE,
  /** Seats in one hold request (the total per date is MAX_SEATS_PER_USER, a setting). */
  seatsPerHold: MAX_SEATS_PER_HOLD,
  /** Points one charge may add. */
  charge: MAX_CHARGE,
  /** A fan's name, in characters after trimming. */
  userName: { min: bound(ZUserName.minLength, "the user name"), max: bound(ZUserName.maxLength, "the user name") },
  /** A concert's title, artist and venue, in characters after trimming. */
  concertName: { min: bound(concert.title.minLength, "the title"), max: bound(concert.title.maxLength, "the title") },
  concertDescription: { max: bound(concert.description.unwrap().maxLength, "the description") },
  /** A section's name, in characters after trimming. */
  sectionName: {
    max: bound(schedule.sections.unwrap().element.shape.name.maxLength, "the section name"),
  },
  schedulePrice: { max: bound(schedule.price.unwrap().maxValue, "the price") },
  scheduleSeats: {
    min: bound(schedule.seatCount.unwrap().minValue, "the seat count"),
    max: bound(schedule.seatCount.unwrap().maxValue, "the seat count"),
    /** What a new date gets when the request names no count. */
    default: DEFAULT_SEAT_COUNT,
  },
  lineMaxActive: { max: bound(line.maxActive.unwrap().maxValue, "the line's cap") },
  lineAdmitPerMinute: { max: bound(line.admitPerMinute.unwrap().unwrap().maxValue, "the line's pace") },
  /** A fan account's and a staff account's new password, in characters. */
  accountPassword: { min: bound(ZSignUp.shape.password.minLength, "the account password") },
  staffPassword: { min: bound(ZCreateStaff.shape.password.minLength, "the staff password") },
} as const;

/** A text's length as the limits count it: characters (code points), so an emoji is one. */
export function textLength(text: string): number {
  return [...text].length;
}
