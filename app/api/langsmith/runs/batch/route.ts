import { withApi } from "@/server/http/api";
import { langsmithBatch } from "@/server/llm/handlers";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** LangSmith's JSON batch fallback: {post: [...], patch: [...]}. */
export const POST = withApi({ scope: "ingest" }, async ({ req }) => langsmithBatch(req));
