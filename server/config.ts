import path from "node:path";
import { z } from "zod";
import { allowlistErrors, splitAllowlist } from "./outbound/policy";

const schema = z.object({
  DATABASE_URL: z.string().url().optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  VIGIL_DATA_DIR: z.string().default(".data"),
  VIGIL_INIT_API_KEY: z.string().min(16, "VIGIL_INIT_API_KEY must be at least 16 characters").optional(),
  VIGIL_INIT_ADMIN_EMAIL: z.string().email().optional(),
  VIGIL_INIT_ADMIN_PASSWORD: z.string().min(8, "VIGIL_INIT_ADMIN_PASSWORD must be at least 8 characters").max(128).optional(),
  /** Signs session cookies. Unset → a random secret generated once and kept in the database. */
  VIGIL_AUTH_SECRET: z.string().min(32, "VIGIL_AUTH_SECRET must be at least 32 characters").optional(),
  /** Requests per minute per API key (public API); 0 turns the limit off. */
  VIGIL_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(6000),
  LLM_BASE_URL: z.string().url().optional(),
  LLM_API_KEY: z.string().optional(),
  LLM_MODEL: z.string().optional(),
  /** Seconds between coordinator health checks (30 s by default); tests shorten it. */
  VIGIL_HEALTH_CHECK_SECONDS: z.coerce.number().positive().default(30),
  /** Lease length for a built-in agent's cycles; a dead worker's leases expire after this. */
  VIGIL_LEASE_SECONDS: z.coerce.number().positive().default(20),
  /** Internal hosts / IPs / CIDRs outgoing webhooks may reach, comma-separated (internal ranges are refused otherwise). */
  VIGIL_OUTBOUND_ALLOWLIST: z
    .string()
    .optional()
    .superRefine((v, ctx) => {
      for (const message of allowlistErrors(splitAllowlist(v))) ctx.addIssue({ code: "custom", message });
    }),
  /** `true`: GET /api/metrics needs no API key (a Prometheus on a private network). */
  VIGIL_METRICS_PUBLIC: z.enum(["true", "false"]).default("false").transform((v) => v === "true"),
});

export type Config = z.infer<typeof schema>;

let cached: Config | undefined;

/** Environment configuration, validated once. Empty strings count as unset. */
export function config(): Config {
  if (cached) return cached;
  const env = Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid configuration:\n${lines}`);
  }
  cached = parsed.data;
  return cached;
}

export function dataDir(): string {
  return path.resolve(config().VIGIL_DATA_DIR);
}

export const VERSION = "0.1.0";
