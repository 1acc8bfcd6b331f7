import { handleAuthRequest } from "@/server/auth/handler";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Dashboard sign-in / sign-out / session (Better Auth behind an allow-list: server/auth/handler.ts). */
export const GET = handleAuthRequest;
export const POST = handleAuthRequest;
