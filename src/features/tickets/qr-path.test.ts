import { create } from "qrcode";
import { describe, expect, it } from "vitest";
import { qrPath } from "./qr-path";

/** The modules a path paints, read back from its `M x y h n v1 h-n z` rectangles. */
function painted(d: string, size: number): boolean[] {
  const cells = Array<boolean>(size * size).fill(false);
  for (const [, x, y, n] of d.matchAll(/M(\d+) (\d+)h(\d+)v1h-\3z/g)) {
    for (let i = 0; i < Number(n); i++) {
      const at = Number(y) * size + Number(x) + i;
      expect(cells[at], `module ${at} painted twice`).toBe(false);
      cells[at] = true;
    }
  }
  return cells;
}

describe("the QR code of a ticket", () => {
  it("paints exactly the dark modules of the code's QR symbol, inside a quiet zone of 4", () => {
    const code = `eyJhbGciOiJFZERTQSJ9.${"x".repeat(300)}.${"s".repeat(86)}`;
    const { size, d } = qrPath(code);
    const { modules } = create(code, { errorCorrectionLevel: "M" });
    expect(size).toBe(modules.size + 8);
    expect(d.replace(/M\d+ \d+h\d+v1h-\d+z/g, "")).toBe("");
    const cells = painted(d, size);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const inside = x >= 4 && y >= 4 && x < size - 4 && y < size - 4;
        const dark = inside && Boolean(modules.data[(y - 4) * modules.size + (x - 4)]);
        expect(cells[y * size + x], `${x},${y}`).toBe(dark);
      }
    }
  });
});
