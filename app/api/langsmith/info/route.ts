import { withApi } from "@/server/http/api";
import { langsmithInfo } from "@/server/llm/handlers";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** LangSmith client handshake (no key needed: it reveals only batching limits). */
export const GET = withApi({ scope: null }, async () => langsmithInfo());
