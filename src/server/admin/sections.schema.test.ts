import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fieldIssues } from "../errors";
import { ZCreateSchedule } from "./admin.schema";
import { sectionProblems, type Section } from "./sections.schema";

/** Seats 1..n cut at `cuts` into consecutive sections S0, S1, ... */
function partition(n: number, cuts: number[]): Section[] {
  const bounds = [...new Set(cuts.filter((c) => c >= 1 && c < n))].sort((a, b) => a - b);
  const starts = [1, ...bounds.map((b) => b + 1)];
  return starts.map((from, i) => ({ name: `S${i}`, fromSeat: from, toSeat: (starts[i + 1] ?? n + 1) - 1, price: i }));
}

const arbPartition = fc
  .integer({ min: 1, max: 500 })
  .chain((n) => fc.tuple(fc.constant(n), fc.array(fc.integer({ min: 1, max: n }), { maxLength: 20 })))
  .map(([n, cuts]) => ({ n, sections: partition(n, cuts) }));

describe("sectionProblems", () => {
  it("accepts any partition of the seats, in any order", () => {
    fc.assert(
      fc.property(arbPartition, fc.integer(), ({ n, sections }, seed) => {
        const shuffled = [...sections].sort((a, b) => ((a.fromSeat * 31 + seed) % 7) - ((b.fromSeat * 31 + seed) % 7));
        expect(sectionProblems(shuffled, n)).toEqual([]);
      }),
    );
  });

  it("names the seats a partition leaves out when one section is dropped", () => {
    fc.assert(
      fc.property(
        arbPartition.filter(({ sections }) => sections.length >= 2),
        fc.nat(),
        ({ n, sections }, pick) => {
          const i = pick % sections.length;
          const gone = sections[i]!;
          const problems = sectionProblems(sections.toSpliced(i, 1), n);
          const seats =
            gone.fromSeat === gone.toSeat ? `Seat ${gone.fromSeat} is` : `Seats ${gone.fromSeat}-${gone.toSeat} are`;
          expect(problems).toEqual([{ path: ["sections"], message: `${seats} in no section` }]);
        },
      ),
    );
  });

  it("names the two sections and the first shared seat when one section is stretched over the next", () => {
    fc.assert(
      fc.property(
        arbPartition.filter(({ sections }) => sections.length >= 2),
        fc.nat(),
        fc.nat(),
        ({ n, sections }, pick, stretch) => {
          const i = pick % (sections.length - 1);
          const next = sections[i + 1]!;
          const moved = { ...next, fromSeat: next.fromSeat - 1 - (stretch % (next.fromSeat - sections[i]!.fromSeat)) };
          const problems = sectionProblems(sections.with(i + 1, moved), n);
          expect(problems).toEqual([
            {
              path: ["sections", i + 1, "fromSeat"],
              message: `Sections ${sections[i]!.name} and ${next.name} overlap at seat ${moved.fromSeat}`,
            },
          ]);
        },
      ),
    );
  });

  it("refuses a name used twice, at the second use", () => {
    const sections = partition(50, [10, 30]).map((s, i) => (i === 2 ? { ...s, name: "S0" } : s));
    expect(sectionProblems(sections, 50)).toEqual([
      { path: ["sections", 2, "name"], message: "The section name S0 is used twice" },
    ]);
  });

  it("refuses a range that ends before it starts or past the last seat, and checks no coverage then", () => {
    expect(
      sectionProblems(
        [
          { name: "A", fromSeat: 5, toSeat: 4, price: 1 },
          { name: "B", fromSeat: 6, toSeat: 60, price: 1 },
        ],
        50,
      ),
    ).toEqual([
      { path: ["sections", 0, "toSeat"], message: "Section A ends before it starts" },
      { path: ["sections", 1, "toSeat"], message: "Section B ends at seat 60, past the last seat (50)" },
    ]);
  });

  it("names gaps at the start, between sections and at the end together", () => {
    const sections = [
      { name: "VIP", fromSeat: 3, toSeat: 10, price: 150_000 },
      { name: "R", fromSeat: 13, toSeat: 30, price: 110_000 },
      { name: "S", fromSeat: 31, toSeat: 49, price: 80_000 },
    ];
    expect(sectionProblems(sections, 50).map((p) => p.message)).toEqual([
      "Seats 1-2 are in no section",
      "Seats 11-12 are in no section",
      "Seat 50 is in no section",
    ]);
  });
});

describe("ZCreateSchedule with sections", () => {
  const base = { concertId: "00000000-0000-4000-8000-000000000000", startsAt: "2099-01-10T19:00:00Z" };
  const issuesOf = (input: unknown) => {
    const result = ZCreateSchedule.safeParse(input);
    return result.success ? [] : fieldIssues(result.error.issues);
  };

  it("takes sections covering the default 50 seats, with trimmed names", () => {
    const result = ZCreateSchedule.parse({
      ...base,
      sections: [
        { name: " VIP ", fromSeat: 1, toSeat: 10, price: 150_000 },
        { name: "R", fromSeat: 11, toSeat: 50, price: 110_000 },
      ],
    });
    expect(result.sections?.map((s) => s.name)).toEqual(["VIP", "R"]);
  });

  it("answers each problem as a field issue with its path", () => {
    expect(
      issuesOf({
        ...base,
        seatCount: 30,
        sections: [
          { name: "VIP", fromSeat: 1, toSeat: 10, price: 150_000 },
          { name: "R", fromSeat: 10, toSeat: 20, price: 110_000 },
          { name: "VIP", fromSeat: 21, toSeat: 28, price: 80_000 },
        ],
      }),
    ).toEqual([
      { path: "sections.2.name", message: "The section name VIP is used twice" },
      { path: "sections.1.fromSeat", message: "Sections VIP and R overlap at seat 10" },
      { path: "sections", message: "Seats 29-30 are in no section" },
    ]);
  });

  it("wants a price or sections, and not both", () => {
    expect(issuesOf(base)).toEqual([{ path: "price", message: "Give a price, or sections" }]);
    expect(issuesOf({ ...base, price: 1, sections: [{ name: "A", fromSeat: 1, toSeat: 50, price: 1 }] })).toEqual([
      { path: "price", message: "Give a price or sections, not both" },
    ]);
  });

  it("refuses a section name with a control character or over 20 characters", () => {
    const one = (name: string) => ({ ...base, sections: [{ name, fromSeat: 1, toSeat: 50, price: 1 }] });
    expect(issuesOf(one("A\u0000B")).map((i) => i.path)).toEqual(["sections.0.name"]);
    expect(issuesOf(one("x".repeat(21))).map((i) => i.path)).toEqual(["sections.0.name"]);
    expect(issuesOf(one("   ")).map((i) => i.path)).toEqual(["sections.0.name"]);
  });
});
