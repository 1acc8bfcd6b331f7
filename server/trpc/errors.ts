import { TRPCError } from "@trpc/server";
import { OperatorError } from "../recovery/operator";

/** An operator action's refusal (unknown agent, wrong state) as the tRPC error the dashboard shows; anything else rethrown. */
export function rethrowOperatorError(e: unknown): never {
  if (e instanceof OperatorError) throw new TRPCError({ code: e.code, message: e.message });
  throw e;
}
