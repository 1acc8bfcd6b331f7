import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { getPageSession } from "@/server/auth/page-session";
import { isDatabaseUnavailable } from "@/server/http/db-errors";
import { DatabaseBanner } from "./_components/db-banner";
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
  // Database unreachable: render the banner and let the page's own error boundary explain;
  // the banner notices recovery and refreshes (app/_components/db-banner.tsx).
  let session = null;
  let dbDown = false;
  try {
    session = await getPageSession();
  } catch (err) {
    if (!isDatabaseUnavailable(err)) throw err;
    dbDown = true;
  }
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        <DatabaseBanner initialDown={dbDown} />
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
