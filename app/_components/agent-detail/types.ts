import type { RouterOutputs } from "../trpc";

export type AgentDetailData = RouterOutputs["agents"]["byId"];
