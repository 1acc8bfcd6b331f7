DROP VIEW IF EXISTS "agent_health_summary";
DROP VIEW IF EXISTS "metric_hourly_rollup";
DROP VIEW IF EXISTS "heartbeat_minute_counts";
DROP VIEW IF EXISTS "llm_daily_cost";

-- Session rows keep only the SHA-256 (hex) of the cookie's token from now on
-- (server/auth/hashed-session-tokens.ts). Existing tokens are hashed in place, so
-- everyone who is signed in stays signed in.
UPDATE "sessions" SET "token" = encode(sha256(convert_to("token", 'UTF8')), 'hex');

-- Reporting views (SPEC §3). Re-created at the end of every migration that
-- scripts/create-migration.ts writes, so they always match the tables.

CREATE VIEW agent_health_summary AS
SELECT
  a.id AS agent_id,
  a.name,
  a.kind,
  a.expected,
  a.state,
  a.health_score,
  a.health_status,
  a.health_trend,
  a.last_heartbeat_at,
  EXTRACT(EPOCH FROM (now() - a.last_heartbeat_at))::double precision AS seconds_since_heartbeat,
  (SELECT count(*) FROM heartbeats h WHERE h.agent_id = a.id AND h.received_at > now() - interval '1 hour') AS heartbeats_last_hour,
  (SELECT count(*) FROM events e WHERE e.agent_id = a.id AND e.severity IN ('error', 'critical') AND e.timestamp > now() - interval '1 hour') AS errors_last_hour
FROM agents a;

CREATE VIEW metric_hourly_rollup AS
SELECT
  agent_id,
  name,
  date_trunc('hour', timestamp) AS hour,
  count(*) AS samples,
  avg(value) AS avg_value,
  min(value) AS min_value,
  max(value) AS max_value
FROM metrics
GROUP BY agent_id, name, date_trunc('hour', timestamp);

CREATE VIEW heartbeat_minute_counts AS
SELECT agent_id, date_trunc('minute', received_at) AS minute, count(*) AS heartbeats
FROM heartbeats
GROUP BY agent_id, date_trunc('minute', received_at);

-- Daily LLM cost (SPEC §3): computed straight from the runs, so it is always current
-- (llm_daily_rollups is the bridge's materialised copy for fast charts).
CREATE VIEW llm_daily_cost AS
SELECT
  (date_trunc('day', start_time AT TIME ZONE 'UTC'))::date AS day,
  project,
  COALESCE(model, '(unknown)') AS model,
  count(*) AS runs,
  count(*) FILTER (WHERE status = 'error') AS errors,
  COALESCE(sum(input_tokens), 0) AS input_tokens,
  COALESCE(sum(output_tokens), 0) AS output_tokens,
  COALESCE(sum(cost), 0) AS cost,
  count(*) FILTER (WHERE cardinality(unpriced_tokens) > 0) AS unpriced_runs
FROM llm_runs
GROUP BY 1, 2, 3;
