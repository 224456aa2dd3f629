import { create } from "qrcode";

/** Light modules around the code, as the QR specification asks, so scanners find its edges. */
const QUIET = 4;

/**
 * The QR symbol of `text` as one SVG path of its dark modules, a rectangle per horizontal run,
 * and the side of the square it is drawn in (quiet zone included), in modules.
 */
export function qrPath(text: string): { size: number; d: string } {
  const { size, data } = create(text, { errorCorrectionLevel: "M" }).modules;
  let d = "";
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (!data[y * size + x]) continue;
      let run = 1;
      while (x + run < size && data[y * size + x + run]) run++;
      d += `M${x + QUIET} ${y + QUIET}h${run}v1h-${run}z`;
      x += run - 1;
    }
  }
  return { size: size + 2 * QUIET, d };
}
