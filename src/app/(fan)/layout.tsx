import type { ReactNode } from "react";
import { FanShell } from "@/features/session/fan-shell";

export default function FanLayout({ children }: { children: ReactNode }) {
  return <FanShell>{children}</FanShell>;
}
