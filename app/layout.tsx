import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { getPageSession } from "@/server/auth/page-session";
import { AppNav } from "./_components/nav";
import { Providers } from "./_components/providers";
import { SessionProvider } from "./_components/session";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Vigil", template: "%s · Vigil" },
  description: "Control plane for background agents: heartbeats, health, self-healing, LLM observability.",
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: "#0f172a",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Signed out (the login page, or a page about to redirect there): no shell, no data providers.
  const session = await getPageSession();
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        {session ? (
          <SessionProvider user={session.user}>
            <Providers>
              <AppNav />
              <div className="md:pl-56">
                <main className="mx-auto w-full max-w-7xl px-4 py-6 sm:px-6 lg:px-8">{children}</main>
              </div>
            </Providers>
          </SessionProvider>
        ) : (
          children
        )}
      </body>
    </html>
  );
}
