import { withApi } from "@/server/http/api";
import { langsmithMultipart } from "@/server/llm/handlers";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** LangSmith's default ingestion: multipart/form-data (often gzip) of post/patch/feedback parts. */
export const POST = withApi({ scope: "ingest" }, async ({ req }) => langsmithMultipart(req));
