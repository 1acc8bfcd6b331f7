DROP VIEW IF EXISTS "agent_health_summary";
DROP VIEW IF EXISTS "metric_hourly_rollup";
DROP VIEW IF EXISTS "heartbeat_minute_counts";
DROP VIEW IF EXISTS "llm_daily_cost";

-- CreateTable
CREATE TABLE "llm_runs" (
    "id" TEXT NOT NULL,
    "trace_id" TEXT NOT NULL,
    "parent_run_id" TEXT,
    "dotted_order" TEXT,
    "source" TEXT NOT NULL,
    "name" TEXT,
    "run_type" TEXT,
    "project" TEXT NOT NULL DEFAULT 'default',
    "model" TEXT,
    "provider" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "start_time" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "end_time" TIMESTAMPTZ(3),
    "latency_ms" INTEGER,
    "input_tokens" INTEGER,
    "output_tokens" INTEGER,
    "total_tokens" INTEGER,
    "cache_read_tokens" INTEGER,
    "cache_write_tokens" INTEGER,
    "reasoning_tokens" INTEGER,
    "cost" DECIMAL(24,12),
    "cost_breakdown" JSONB,
    "unpriced_tokens" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "price_id" UUID,
    "user_cost" DECIMAL(24,12),
    "inputs" JSONB,
    "outputs" JSONB,
    "error" TEXT,
    "extra" JSONB,
    "events" JSONB,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "finish_reason" TEXT,
    "post_seen" BOOLEAN NOT NULL DEFAULT false,
    "patch_seen" BOOLEAN NOT NULL DEFAULT false,
    "quality_score" DOUBLE PRECISION,
    "quality_grade" TEXT,
    "quality_factors" JSONB,
    "efficiency_score" DOUBLE PRECISION,
    "predicted_satisfaction" DOUBLE PRECISION,
    "feedback_score" DOUBLE PRECISION,
    "dirty" BOOLEAN NOT NULL DEFAULT true,
    "analyzed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "llm_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "llm_model_prices" (
    "id" UUID NOT NULL,
    "model_pattern" TEXT NOT NULL,
    "provider" TEXT,
    "project" TEXT,
    "input_per_mtok" DECIMAL(18,6) NOT NULL,
    "output_per_mtok" DECIMAL(18,6) NOT NULL,
    "cache_read_per_mtok" DECIMAL(18,6),
    "cache_write_per_mtok" DECIMAL(18,6),
    "reasoning_per_mtok" DECIMAL(18,6),
    "effective_from" TIMESTAMPTZ(3) NOT NULL DEFAULT '2020-01-01 00:00:00 +00:00',
    "note" TEXT,
    "seeded" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "llm_model_prices_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "llm_feedback" (
    "id" TEXT NOT NULL,
    "run_id" TEXT,
    "trace_id" TEXT,
    "key" TEXT NOT NULL,
    "score" DOUBLE PRECISION,
    "value" JSONB,
    "comment" TEXT,
    "correction" JSONB,
    "source" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "llm_feedback_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "llm_daily_rollups" (
    "day" DATE NOT NULL,
    "project" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "runs" INTEGER NOT NULL,
    "errors" INTEGER NOT NULL,
    "input_tokens" BIGINT NOT NULL,
    "output_tokens" BIGINT NOT NULL,
    "cache_read_tokens" BIGINT NOT NULL,
    "reasoning_tokens" BIGINT NOT NULL,
    "cost" DECIMAL(24,12) NOT NULL,
    "unpriced_runs" INTEGER NOT NULL,
    "avg_latency_ms" DOUBLE PRECISION,
    "avg_quality" DOUBLE PRECISION,
    "avg_efficiency" DOUBLE PRECISION,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "llm_daily_rollups_pkey" PRIMARY KEY ("day","project","model")
);

-- CreateTable
CREATE TABLE "llm_reports" (
    "id" BIGSERIAL NOT NULL,
    "generated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "duration_ms" INTEGER NOT NULL,
    "body" JSONB NOT NULL,

    CONSTRAINT "llm_reports_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "llm_runs_trace_id_idx" ON "llm_runs"("trace_id");

-- CreateIndex
CREATE INDEX "llm_runs_start_time_idx" ON "llm_runs"("start_time" DESC);

-- CreateIndex
CREATE INDEX "llm_runs_model_start_time_idx" ON "llm_runs"("model", "start_time" DESC);

-- CreateIndex
CREATE INDEX "llm_runs_project_start_time_idx" ON "llm_runs"("project", "start_time" DESC);

-- CreateIndex
CREATE INDEX "llm_runs_dirty_idx" ON "llm_runs"("dirty");

-- CreateIndex
CREATE INDEX "llm_model_prices_effective_from_idx" ON "llm_model_prices"("effective_from");

-- CreateIndex
CREATE INDEX "llm_feedback_run_id_idx" ON "llm_feedback"("run_id");

-- CreateIndex
CREATE INDEX "llm_reports_generated_at_idx" ON "llm_reports"("generated_at" DESC);

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
