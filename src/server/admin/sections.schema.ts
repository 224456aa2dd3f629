/** A named range of a date's seats with its own price. */
export type Section = { name: string; fromSeat: number; toSeat: number; price: number };

/** One reason a date's sections are refused, with the path of the field it is about. */
export type SectionProblem = { path: (string | number)[]; message: string };

/** The name of the one section of a date created without sections (as its seats' grade was). */
export const DEFAULT_SECTION_NAME = "STANDARD";

const seatRange = (from: number, to: number) => (from === to ? `seat ${from} is` : `seats ${from}-${to} are`);

/**
 * Why `sections` do not cover seats 1..seatCount exactly once with unique names; empty when they
 * do. Paths are relative to the input (`sections.2.toSeat`), so a form can put each message by its
 * field.
 */
export function sectionProblems(sections: readonly Section[], seatCount: number): SectionProblem[] {
  const problems: SectionProblem[] = [];
  const firstWithName = new Map<string, number>();
  sections.forEach((s, i) => {
    const seen = firstWithName.get(s.name);
    if (seen === undefined) firstWithName.set(s.name, i);
    else problems.push({ path: ["sections", i, "name"], message: `The section name ${s.name} is used twice` });
    if (s.toSeat < s.fromSeat) {
      problems.push({ path: ["sections", i, "toSeat"], message: `Section ${s.name} ends before it starts` });
    } else if (s.toSeat > seatCount) {
      problems.push({
        path: ["sections", i, "toSeat"],
        message: `Section ${s.name} ends at seat ${s.toSeat}, past the last seat (${seatCount})`,
      });
    }
  });
  // Coverage is only meaningful once every range is a range within the date.
  if (problems.some((p) => p.path[2] === "toSeat")) return problems;

  const order = sections.map((s, i) => ({ ...s, i })).sort((a, b) => a.fromSeat - b.fromSeat || a.i - b.i);
  let covered = 0;
  let owner: (typeof order)[number] | undefined;
  for (const s of order) {
    if (owner && s.fromSeat <= covered) {
      problems.push({
        path: ["sections", s.i, "fromSeat"],
        message: `Sections ${owner.name} and ${s.name} overlap at seat ${s.fromSeat}`,
      });
    } else if (s.fromSeat > covered + 1) {
      problems.push({
        path: ["sections"],
        message: `${capitalise(seatRange(covered + 1, s.fromSeat - 1))} in no section`,
      });
    }
    if (s.toSeat > covered) {
      covered = s.toSeat;
      owner = s;
    }
  }
  if (covered < seatCount) {
    problems.push({ path: ["sections"], message: `${capitalise(seatRange(covered + 1, seatCount))} in no section` });
  }
  return problems;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
