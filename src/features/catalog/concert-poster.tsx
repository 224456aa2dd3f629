/** Generated cover art: a gradient picked from the concert id, the artist's initials on it. */
const PALETTES = [
  ["#5a31f4", "#ff5ea8"],
  ["#0f766e", "#3dd6c1"],
  ["#b4234b", "#ff9f43"],
  ["#1e3a8a", "#60a5fa"],
  ["#6d28d9", "#22d3ee"],
  ["#9a3412", "#facc15"],
] as const;

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) >>> 0;
  return h;
}

function initials(artist: string): string {
  const words = artist.trim().split(/\s+/).filter(Boolean);
  return (words.length > 1 ? words[0]![0]! + words[1]![0]! : (words[0] ?? "?").slice(0, 2)).toUpperCase();
}

export function ConcertPoster({
  concertId,
  artist,
  size = "md",
}: {
  concertId: string;
  artist: string;
  size?: "md" | "lg";
}) {
  const [from, to] = PALETTES[hash(concertId) % PALETTES.length]!;
  return (
    <div
      className={`poster poster--${size}`}
      style={{ background: `linear-gradient(135deg, ${from}, ${to})` }}
      aria-hidden="true"
    >
      <span className="poster__initials">{initials(artist)}</span>
      <svg className="poster__waves" viewBox="0 0 200 60" preserveAspectRatio="none">
        <path d="M0 40 Q 25 10 50 35 T 100 30 T 150 38 T 200 25 V60 H0 Z" fill="rgba(255,255,255,0.16)" />
        <path d="M0 50 Q 30 30 60 48 T 120 44 T 200 40 V60 H0 Z" fill="rgba(255,255,255,0.12)" />
      </svg>
    </div>
  );
}
