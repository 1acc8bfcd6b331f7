/**
 * Worker settings for fault tests that spawn real workers: every clock (health checks, cycles,
 * leases, recovery backoff and verification, detection windows) in seconds instead of minutes,
 * so detection → recovery → rollback → escalation plays out within a test's time.
 */
const DETECTION = { errorWindowSeconds: 8, recentSeconds: 4, baselineSeconds: 60, llmRecentSeconds: 4, llmBaselineSeconds: 60, slowQuerySeconds: 2, stuckCycleSeconds: 3, inconsistencyGraceSeconds: 3, stuckLeaseSeconds: 30 };

export const FAST_CLOCK_ENV: Record<string, string> = {
  VIGIL_HEALTH_CHECK_SECONDS: "1",
  VIGIL_CYCLE_SECONDS: "1",
  VIGIL_LEASE_SECONDS: "3",
  VIGIL_WORKER_HEARTBEAT_SECONDS: "1",
  VIGIL_SHUTDOWN_TIMEOUT_SECONDS: "3",
  VIGIL_STUCK_CYCLE_SECONDS: "3",
  VIGIL_RECOVERY_BACKOFF_BASE_SECONDS: "1",
  VIGIL_RECOVERY_BACKOFF_MAX_SECONDS: "4",
  VIGIL_RECOVERY_VERIFY_SECONDS: "6",
  VIGIL_COMMAND_TIMEOUT_SECONDS: "4",
  VIGIL_DETECTION: JSON.stringify(DETECTION),
  VIGIL_DB_POOL_SIZE: "5",
};
