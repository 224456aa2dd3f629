import { useTranslations } from "next-intl";
import { useFormat } from "@/i18n/use-format";

/** Sold, held and free seats of one date as one stacked bar. */
export function SeatsBar({
  sold,
  held,
  available,
  total,
}: {
  sold: number;
  held: number;
  available: number;
  total: number;
}) {
  const t = useTranslations("admin");
  const f = useFormat();
  const width = 200;
  const scale = total > 0 ? width / total : 0;
  const soldW = sold * scale;
  const heldW = held * scale;
  return (
    <svg
      className="seats-bar"
      viewBox={`0 0 ${width} 12`}
      preserveAspectRatio="none"
      role="img"
      aria-label={t("seatsBar", {
        sold: f.count(sold),
        held: f.count(held),
        available: f.count(available),
        total: f.count(total),
      })}
    >
      <rect x="0" y="0" width={width} height="12" rx="6" className="seats-bar__free" />
      <rect x="0" y="0" width={soldW} height="12" className="seats-bar__sold" />
      <rect x={soldW} y="0" width={heldW} height="12" className="seats-bar__held" />
    </svg>
  );
}

/** The recent history of a number as a line, newest on the right. */
export function Sparkline({ values, label }: { values: number[]; label: string }) {
  const width = 160;
  const height = 40;
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? width / (values.length - 1) : width;
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${(height - 2 - (v / max) * (height - 4)).toFixed(1)}`);
  const line =
    points.length === 1 ? `0,${points[0]!.split(",")[1]} ${width},${points[0]!.split(",")[1]}` : points.join(" ");
  return (
    <svg className="sparkline" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
      {values.length > 0 ? (
        <>
          <polygon points={`0,${height} ${line} ${width},${height}`} className="sparkline__area" />
          <polyline points={line} className="sparkline__line" />
        </>
      ) : null}
    </svg>
  );
}
