import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { ApiProvider } from "@/lib/trpc/provider";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Encore · Concert tickets", template: "%s · Encore" },
  description: "Fair, first-come-first-served concert tickets: get in line, pick your seats, pay with points.",
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: "#14111f",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        <ApiProvider>{children}</ApiProvider>
      </body>
    </html>
  );
}
