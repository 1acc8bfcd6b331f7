import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getPageSession } from "@/server/auth/page-session";
import { VigilMark } from "../_components/logo";
import { LoginForm } from "./login-form";
import { safeNext } from "./safe-next";

export const metadata: Metadata = { title: "Sign in" };

type Props = { searchParams: Promise<{ next?: string | string[] }> };

export default async function LoginPage({ searchParams }: Props) {
  const raw = (await searchParams).next;
  const next = safeNext(Array.isArray(raw) ? raw[0] : raw);
  // Already signed in (valid session, not just a cookie): straight on.
  if (await getPageSession()) redirect(next);
  return (
    <main className="flex min-h-screen items-center justify-center bg-slate-900 px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center justify-center gap-2 text-white">
          <VigilMark className="h-9 w-9" />
          <span className="text-2xl font-semibold tracking-tight">Vigil</span>
        </div>
        <div className="rounded-xl bg-white p-6 shadow-xl">
          <h1 className="text-lg font-semibold text-slate-900">Sign in</h1>
          <p className="mt-1 text-sm text-slate-500">to the control plane</p>
          <LoginForm next={next} />
        </div>
        <p className="mt-4 text-center text-xs text-slate-400">
          First start? The admin password was printed once in the terminal running <code>npm start</code>.
        </p>
      </div>
    </main>
  );
}
