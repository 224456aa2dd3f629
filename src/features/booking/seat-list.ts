/** "seat 7" or "seats 7, 8" ("Seat 7" at the start of a sentence). */
export function seatList(numbers: number[], capitalized = false): string {
  const sorted = [...numbers].sort((a, b) => a - b);
  const word = sorted.length === 1 ? "seat" : "seats";
  return `${capitalized ? "S" + word.slice(1) : word} ${sorted.join(", ")}`;
}
