/**
 * Help agent figures (SPEC §11: first-event and full-answer latency p50/p95). The help agent is
 * built on another branch, which exports `benchHelp(opts)` from bench/help.ts; until it is merged
 * this section reports nothing and the harness prints a "pending" line (see bench/index.ts,
 * HELP SECTION). Wiring at merge: replace the body below with
 *   const { benchHelp } = await import("../help");
 *   return benchHelp({ baseUrl: ctx.webUrl, ... });
 */
import type { BenchContext, Figure } from "../lib";

export async function helpSection(ctx: BenchContext): Promise<Figure[]> {
  ctx.log("help agent: not on this branch yet (bench/help.ts benchHelp is wired at merge)");
  return [];
}
