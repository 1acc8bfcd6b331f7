/**
 * ai_help_agent: each cycle answers queued (async API) help requests — at least
 * MIN_PER_CYCLE, more while they keep coming, claimed with FOR UPDATE SKIP LOCKED so several
 * workers never answer the same one — grades recent answers, and enforces the knowledge base
 * and conversation retention limits. Chat requests are answered by the web app directly.
 */
import { gradeRecentAnswers, enforceRetention } from "../../server/help/retention";
import { helpLimits } from "../../server/help/limits";
import { answerQueued } from "../../server/help/requests";
import type { BuiltinAgentModule } from "../agent-module";

const HELP_AGENT_ID = "ai_help_agent";
/** The help agent answers at least this many queued requests per cycle. */
const MIN_PER_CYCLE = 5;
/** Upper bound so one cycle stays well inside its lease even with a slow LLM. */
const MAX_PER_CYCLE = 25;

export const helpAgent: BuiltinAgentModule = {
  id: HELP_AGENT_ID,
  async run(ctx) {
    let answered = 0;
    let failed = 0;
    // Batches of MIN_PER_CYCLE until the queue is empty, the cap is reached, or a restart aborts.
    while (answered + failed < MAX_PER_CYCLE && !ctx.signal.aborted) {
      const r = await answerQueued(ctx.prisma, ctx.pool, MIN_PER_CYCLE);
      answered += r.answered;
      failed += r.failed;
      if (r.answered + r.failed < MIN_PER_CYCLE) break;
    }
    const graded = await gradeRecentAnswers(ctx.pool);
    const retention = await enforceRetention(ctx.pool, await helpLimits(ctx.prisma), ctx.now);
    const queued = await ctx.prisma.helpRequest.count({ where: { status: "queued" } });
    return {
      summary: { answered, failed, graded, queued, ...retention },
      metrics: { help_requests_answered: answered, help_requests_failed: failed, help_answers_graded: graded, help_queue_depth: queued },
    };
  },
};
