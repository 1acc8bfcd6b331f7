import { withApi } from "@/server/http/api";
import { langsmithPatchRun } from "@/server/llm/handlers";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** LangSmith updateRun without dotted_order: the run's completion as JSON. */
export const PATCH = withApi<{ id: string }>({ scope: "ingest" }, async ({ req, params }) => langsmithPatchRun(req, params.id));
