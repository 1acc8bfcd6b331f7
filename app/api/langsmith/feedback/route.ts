import { withApi } from "@/server/http/api";
import { langsmithFeedback } from "@/server/llm/handlers";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** LangSmith createFeedback when it is not batched into a multipart body. */
export const POST = withApi({ scope: "ingest" }, async ({ req }) => langsmithFeedback(req));
