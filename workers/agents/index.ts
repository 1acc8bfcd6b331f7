import type { BuiltinAgentModule } from "../agent-module";
import { coordinatorAgent } from "./coordinator";
import { heartbeatHealthAgent } from "./heartbeat-health";
import { helpAgent } from "./help-agent";
import { langsmithBridgeAgent } from "./langsmith-bridge";
import { performanceMonitorAgent } from "./performance-monitor";
import { selfHealingAgent } from "./self-healing";
import { sharedStateMonitorAgent } from "./shared-state-monitor";

/**
 * The built-in agents this worker can run. An agent runs when it is `implemented: true` in
 * server/agents/roster.ts and has a module here; add the module when you flip the flag.
 */
export const AGENT_MODULES: readonly BuiltinAgentModule[] = [coordinatorAgent, heartbeatHealthAgent, selfHealingAgent, performanceMonitorAgent, sharedStateMonitorAgent, langsmithBridgeAgent, helpAgent];
