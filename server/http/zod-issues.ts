import type { z } from "zod";
import type { Issue } from "./errors";

/** Dotted path as clients write it: `metadata.region`, `capabilities.2`. */
function joinPath(path: readonly PropertyKey[]): string {
  return path.map((p) => String(p)).join(".");
}

/**
 * zod issues → API issues. `index` is the batch item's position (null outside batches); for
 * unrecognized keys the offending key names are part of the path so the client sees which.
 */
export function zodIssues(error: z.ZodError, index: number | null, prefix: readonly PropertyKey[] = []): Issue[] {
  return error.issues.flatMap((i): Issue[] => {
    if (i.code === "unrecognized_keys") {
      return i.keys.map((k) => ({ index, path: joinPath([...prefix, ...i.path, k]), message: `unknown field '${k}'` }));
    }
    // zod says "expected number, received undefined" for a missing field; say what it means.
    const missing = i.code === "invalid_type" && /received undefined$/.test(i.message);
    const message = missing ? `required field is missing (expected ${i.expected})` : i.message;
    return [{ index, path: joinPath([...prefix, ...i.path]), message }];
  });
}
