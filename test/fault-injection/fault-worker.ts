/** The real worker process with fault-injectable built-in agents (see faults.ts). Tests only. */
import { pool } from "../../server/db/client";
import { AGENT_MODULES } from "../../workers/agents";
import { main } from "../../workers/main";
import { withFaults } from "./faults";

await main(withFaults(AGENT_MODULES, pool));
