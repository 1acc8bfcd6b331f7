/**
 * Acceptance: 10,000 runs through the multipart endpoint (over HTTP, gzip, 1,000 runs with their
 * post and patch parts per request, 4 requests in flight) arrive without loss: count, tokens and
 * cost all add up. Throughput is measured by `npm run bench`, not asserted here.
 */
import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { pool } from "../db/client";
import { useLlmServer } from "../../test/llm-server";
import { multipart, segment, type TestPart } from "../../test/multipart";

const llm = useLlmServer();

const RUNS = 10_000;
const PER_REQUEST = 1_000;

it("10,000 runs via POST /api/langsmith/runs/multipart: none lost, none doubled", async () => {
  const t0 = Date.now() - 3_600_000;
  const bodies: TestPart[][] = [];
  for (let b = 0; b < RUNS / PER_REQUEST; b++) {
    const parts: TestPart[] = [];
    for (let i = 0; i < PER_REQUEST; i++) {
      const id = randomUUID();
      const start = new Date(t0 + b * PER_REQUEST + i);
      const dotted = segment(start, id);
      parts.push({ name: `post.${id}`, value: { id, trace_id: id, dotted_order: dotted, name: "bulk", run_type: "llm", start_time: start.toISOString(), session_name: "volume", extra: { metadata: { ls_model_name: "gpt-4o-mini" } } } });
      parts.push({ name: `post.${id}.inputs`, value: { prompt: `question ${b}/${i}` } });
      parts.push({ name: `patch.${id}`, value: { id, trace_id: id, dotted_order: dotted, end_time: start.getTime() + 250 } });
      parts.push({ name: `patch.${id}.outputs`, value: { text: "answer", usage_metadata: { input_tokens: 100, output_tokens: 20, total_tokens: 120 } } });
    }
    bodies.push(parts);
  }
  const send = async (parts: TestPart[]) => {
    const { body, headers } = multipart(parts, { gzip: true });
    const res = await fetch(`${llm.server.url}/api/langsmith/runs/multipart`, { method: "POST", body, headers: { ...headers, "x-api-key": llm.key } });
    const json = (await res.json()) as { accepted: number };
    expect(res.status).toBe(202);
    return json.accepted;
  };
  let accepted = 0;
  for (let i = 0; i < bodies.length; i += 4) accepted += (await Promise.all(bodies.slice(i, i + 4).map(send))).reduce((a, b) => a + b, 0);
  expect(accepted).toBe(RUNS * 2); // a post and a patch per run

  const { rows } = await pool().query<{ n: string; done: string; input: string; cost: string }>(
    `SELECT count(*) AS n, count(*) FILTER (WHERE status = 'success' AND latency_ms = 250) AS done, sum(input_tokens) AS input, sum(cost)::text AS cost FROM llm_runs WHERE project = 'volume'`,
  );
  expect(Number(rows[0]!.n)).toBe(RUNS);
  expect(Number(rows[0]!.done)).toBe(RUNS);
  expect(Number(rows[0]!.input)).toBe(RUNS * 100);
  // (100 × 0.15 + 20 × 0.60) / 1M = 0.000027 per run
  expect(rows[0]!.cost).toBe("0.270000000000");
}, 120_000);
