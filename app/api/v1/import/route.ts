import { agentWriter } from "@/server/agents/ownership";
import { db } from "@/server/db/client";
import { ApiError, issue, json } from "@/server/http/errors";
import { apiRoute, apiRoutes } from "@/server/http/route";
import { parseCsvText, parseNdjson } from "@/server/transfer/parse";
import { importChunk, MAX_IMPORT_CHUNK } from "@/server/transfer/records";

const TYPES = ["application/x-ndjson", "application/jsonl", "application/json", "text/plain", "", "text/csv"];

/**
 * Import agents, heartbeats, metrics and events: an NDJSON (`application/x-ndjson`) or CSV
 * (`text/csv`) body of at most 1,000 records and 1 MB, each naming its kind in `record`. Valid
 * records are stored, rejects reported by line (202 all stored, 207 some, 400 none); the same
 * body sent twice stores once. For bigger files use `npm run import`, or send consecutive
 * slices (each slice is idempotent). Agent ownership applies as in the other write routes:
 * records for a built-in agent or another key's agent are rejected.
 */
const routes = apiRoutes({
  POST: apiRoute({
    auth: { scope: "ingest" },
    body: "text",
    handler: async ({ req, body: text, key }) => {
      const type = (req.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
      if (!TYPES.includes(type)) throw new ApiError(415, `unsupported Content-Type '${type}': send application/x-ndjson or text/csv`);
      let parsed;
      try {
        parsed = type === "text/csv" ? parseCsvText(text) : parseNdjson(text);
      } catch (e) {
        throw new ApiError(400, "malformed CSV", [issue("", (e as Error).message.slice(0, 300))]);
      }
      if (parsed.records.length + parsed.rejected.length > MAX_IMPORT_CHUNK) {
        throw new ApiError(413, `too many records: at most ${MAX_IMPORT_CHUNK} per request; split the file or use npm run import`, [issue("", `at most ${MAX_IMPORT_CHUNK} records`)]);
      }
      const result = await importChunk(db(), parsed.records, new Date(), agentWriter(key));
      const rejected = [...parsed.rejected, ...result.rejected].sort((a, b) => a.line - b.line);
      const body = { accepted: result.accepted, duplicates: result.duplicates, rejected };
      if (rejected.length === 0) return json(body, 202);
      if (result.accepted > 0) return json(body, 207);
      return json({ error: "no record was valid", issues: rejected.map((r) => ({ index: r.line, path: r.path, message: r.message })), ...body }, 400);
    },
  }),
});

export const dynamic = "force-dynamic";
export const runtime = "nodejs";
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routes;
