import { withApi } from "@/server/http/api";
import { langsmithCreateRun } from "@/server/llm/handlers";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** LangSmith createRun without dotted_order: one run as JSON. */
export const POST = withApi({ scope: "ingest" }, async ({ req }) => langsmithCreateRun(req));
