/**
 * Fault injection for the fault-injection suite (workers/fault-injection.test.ts): wraps the
 * real built-in agent modules so a test can make one hang or throw, in a real worker process,
 * by writing a `test_fault:<agent id>` row to the settings table:
 *   {"mode": "hang" | "throw", "untilRestart": true | false}
 * `hang` never settles and ignores the abort signal (the worst case a restart must survive);
 * with `untilRestart` the fault is cleared when the runtime restarts the agent, so the agent
 * "recovers only after a restart". Never used by the production worker entry point.
 */
import type { Pool } from "pg";
import type { BuiltinAgentModule } from "../../workers/agent-module";

export const FAULT_KEY_PREFIX = "test_fault:";

interface Fault {
  mode: "hang" | "throw";
  untilRestart?: boolean;
}

async function readFault(pool: Pool, id: string): Promise<Fault | null> {
  const r = await pool.query<{ value: Fault }>("SELECT value FROM settings WHERE key = $1", [FAULT_KEY_PREFIX + id]);
  return r.rows[0]?.value ?? null;
}

export function withFaults(modules: readonly BuiltinAgentModule[], pool: () => Pool): BuiltinAgentModule[] {
  return modules.map((m) => ({
    ...m,
    async run(ctx) {
      const fault = await readFault(ctx.pool, m.id);
      if (fault?.mode === "hang") await new Promise(() => {});
      if (fault?.mode === "throw") throw new Error(`injected fault: ${m.id} throws`);
      return m.run(ctx);
    },
    async reset() {
      await m.reset?.();
      await pool().query("DELETE FROM settings WHERE key = $1 AND (value->>'untilRestart')::boolean", [FAULT_KEY_PREFIX + m.id]);
    },
  }));
}
