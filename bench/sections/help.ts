/**
 * Help agent figures: first SSE event and full deterministic answer, p50/p95, asked
 * over HTTP of the running `next start` on the bench dataset (1,000 agents, millions of rows), one
 * question after another, as the chat or an API client would. Questions cover every category and
 * name dataset agents, so the context integrator and the tools run against the full tables.
 * Reference: GET /api/v1/system/health (the cheapest live-data read) in the same loop.
 * `npm run bench:help` (bench/help.ts) measures the same on the small evaluation scenario.
 */
import { readSse } from "../../test/help-server";
import { figure, stats, type BenchContext, type Figure } from "../lib";

const QUESTIONS = [
  "Why is the health score what it is?",
  "What is the status of bench-0001?",
  "Which agents are unresponsive and what did Vigil do?",
  "Are there any open incidents?",
  "Any anomalies on bench-0002?",
  "Which agent uses the most CPU?",
  "What did LLM calls cost this week and how do I cut it?",
  "How is an agent's health score calculated?",
  "Show me the recent errors",
  "How do I instrument an agent with the SDK?",
];

export async function helpSection(ctx: BenchContext): Promise<Figure[]> {
  const n = ctx.quick ? 30 : 60;
  const headers = { authorization: `Bearer ${ctx.readKey}`, "content-type": "application/json" };
  const ask = async (question: string) => {
    const t0 = performance.now();
    let first: number | null = null;
    const res = await fetch(`${ctx.webUrl}/api/v1/help/ask`, {
      method: "POST",
      headers: { ...headers, accept: "text/event-stream" },
      body: JSON.stringify({ question }),
    });
    if (res.status !== 200) throw new Error(`help ask → HTTP ${res.status}: ${(await res.text()).slice(0, 300)}`);
    const events = await readSse(res, () => {
      first ??= performance.now() - t0;
    });
    const last = events.at(-1);
    if (last?.type !== "agent_completed") throw new Error(`help ask ended with ${last?.type ?? "no event"}`);
    return { first: first ?? performance.now() - t0, full: performance.now() - t0 };
  };
  const reference = async () => {
    const t0 = performance.now();
    const res = await fetch(`${ctx.webUrl}/api/v1/system/health`, { headers });
    await res.text();
    return performance.now() - t0;
  };
  await ask("warm-up: how is the system?");
  const firsts: number[] = [];
  const fulls: number[] = [];
  const refs: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = await ask(QUESTIONS[i % QUESTIONS.length]!);
    firsts.push(r.first);
    fulls.push(r.full);
    refs.push(await reference());
  }
  const f = stats(firsts);
  const a = stats(fulls);
  const ref = stats(refs);
  ctx.log(`help agent: ${n} questions over SSE on ${ctx.agents} agents`);
  const refP50 = { name: "GET /api/v1/system/health p50", value: ref.p50, unit: "ms" };
  const refP95 = { name: "GET /api/v1/system/health p95", value: ref.p95, unit: "ms" };
  return [
    figure({ name: "help first SSE event p50", value: f.p50, unit: "ms", reference: refP50, target: null }),
    figure({ name: "help first SSE event p95", value: f.p95, unit: "ms", reference: refP95, target: { op: "<", value: 200 } }),
    figure({ name: "help full deterministic answer p50", value: a.p50, unit: "ms", reference: refP50, target: null }),
    figure({ name: "help full deterministic answer p95", value: a.p95, unit: "ms", reference: refP95, target: { op: "<", value: 1500 } }),
  ];
}
