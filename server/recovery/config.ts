import { z } from "zod";
import { DEFAULT_DETECTION, type DetectionConfig } from "../incidents/detect";

/**
 * Self-healing timing, from the environment (tests shorten them):
 * - VIGIL_RECOVERY_MAX_ATTEMPTS (3): attempts per incident before it is escalated;
 * - VIGIL_RECOVERY_BACKOFF_BASE_SECONDS (10) / VIGIL_RECOVERY_BACKOFF_MAX_SECONDS (300);
 * - VIGIL_RECOVERY_RESET_SECONDS (600): healthy this long and the backoff starts over;
 * - VIGIL_RECOVERY_VERIFY_SECONDS (60): how long an action has to show its effect;
 * - VIGIL_COMMAND_TIMEOUT_SECONDS (60): an unacknowledged command counts as failed after this;
 * - VIGIL_DETECTION (JSON, optional): overrides of DetectionConfig fields, e.g.
 *   `{"errorWindowSeconds": 10}` (tests run the detectors on a compressed clock).
 */
const num = (def: number) => z.coerce.number().positive().default(def);
const schema = z.object({
  VIGIL_RECOVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(3),
  VIGIL_RECOVERY_BACKOFF_BASE_SECONDS: num(10),
  VIGIL_RECOVERY_BACKOFF_MAX_SECONDS: num(300),
  VIGIL_RECOVERY_RESET_SECONDS: num(600),
  VIGIL_RECOVERY_VERIFY_SECONDS: num(60),
  VIGIL_COMMAND_TIMEOUT_SECONDS: num(60),
  VIGIL_HEALTH_CHECK_SECONDS: num(30),
  VIGIL_DETECTION: z
    .string()
    .transform((s, ctx) => {
      try {
        return JSON.parse(s) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: "must be a JSON object" });
        return z.NEVER;
      }
    })
    .pipe(z.record(z.string(), z.number().positive()))
    .optional(),
});

export interface RecoveryConfig {
  maxAttempts: number;
  backoff: { baseSeconds: number; maxSeconds: number };
  resetSeconds: number;
  verifySeconds: number;
  commandTimeoutSeconds: number;
  healthCheckSeconds: number;
  detection: DetectionConfig;
}

let cached: RecoveryConfig | undefined;

export function recoveryConfig(env: NodeJS.ProcessEnv = process.env): RecoveryConfig {
  if (cached && env === process.env) return cached;
  const clean = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = schema.safeParse(clean);
  if (!parsed.success) throw new Error(`Invalid recovery configuration:\n${parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n")}`);
  const d = parsed.data;
  const overrides = Object.fromEntries(Object.entries(d.VIGIL_DETECTION ?? {}).filter(([k]) => k in DEFAULT_DETECTION));
  const cfg: RecoveryConfig = {
    maxAttempts: d.VIGIL_RECOVERY_MAX_ATTEMPTS,
    backoff: { baseSeconds: d.VIGIL_RECOVERY_BACKOFF_BASE_SECONDS, maxSeconds: d.VIGIL_RECOVERY_BACKOFF_MAX_SECONDS },
    resetSeconds: d.VIGIL_RECOVERY_RESET_SECONDS,
    verifySeconds: d.VIGIL_RECOVERY_VERIFY_SECONDS,
    commandTimeoutSeconds: d.VIGIL_COMMAND_TIMEOUT_SECONDS,
    healthCheckSeconds: d.VIGIL_HEALTH_CHECK_SECONDS,
    detection: { ...DEFAULT_DETECTION, ...overrides },
  };
  if (env === process.env) cached = cfg;
  return cfg;
}
