DROP VIEW IF EXISTS "agent_health_summary";
DROP VIEW IF EXISTS "metric_hourly_rollup";
DROP VIEW IF EXISTS "heartbeat_minute_counts";

-- CreateEnum
CREATE TYPE "IssueSeverity" AS ENUM ('low', 'medium', 'high', 'critical');

-- CreateEnum
CREATE TYPE "IncidentStatus" AS ENUM ('detected', 'planned', 'executing', 'verifying', 'rolled_back', 'resolved', 'escalated', 'cancelled');

-- CreateEnum
CREATE TYPE "RecoveryStatus" AS ENUM ('planned', 'executing', 'verifying', 'succeeded', 'failed', 'rolled_back', 'skipped');

-- CreateEnum
CREATE TYPE "CommandStatus" AS ENUM ('pending', 'delivered', 'succeeded', 'failed', 'timed_out', 'cancelled');

-- CreateTable
CREATE TABLE "incidents" (
    "id" BIGSERIAL NOT NULL,
    "agent_id" TEXT,
    "type" TEXT NOT NULL,
    "severity" "IssueSeverity" NOT NULL,
    "status" "IncidentStatus" NOT NULL DEFAULT 'detected',
    "title" TEXT NOT NULL,
    "open_key" TEXT,
    "fingerprint" TEXT NOT NULL,
    "evidence" JSONB NOT NULL DEFAULT '{}',
    "attempt" INTEGER NOT NULL DEFAULT 0,
    "backoff_level" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3),
    "previous_state" TEXT,
    "source" TEXT NOT NULL DEFAULT 'self_healing_agent',
    "business_value" JSONB,
    "detected_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closed_at" TIMESTAMPTZ(3),
    "resolution" TEXT,

    CONSTRAINT "incidents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "incident_steps" (
    "id" BIGSERIAL NOT NULL,
    "incident_id" BIGINT NOT NULL,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "details" JSONB NOT NULL DEFAULT '{}',
    "worker_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "incident_steps_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "recovery_actions" (
    "id" BIGSERIAL NOT NULL,
    "incident_id" BIGINT NOT NULL,
    "agent_id" TEXT,
    "attempt" INTEGER NOT NULL,
    "recovery_type" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "params" JSONB NOT NULL DEFAULT '{}',
    "status" "RecoveryStatus" NOT NULL DEFAULT 'planned',
    "success_probability" DOUBLE PRECISION NOT NULL,
    "estimated_seconds" INTEGER NOT NULL,
    "planned_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "verify_until" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "result" JSONB,
    "undo" JSONB,

    CONSTRAINT "recovery_actions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "agent_commands" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "agent_id" TEXT NOT NULL,
    "action_id" BIGINT,
    "purpose" TEXT NOT NULL DEFAULT 'do',
    "type" TEXT NOT NULL,
    "params" JSONB NOT NULL DEFAULT '{}',
    "status" "CommandStatus" NOT NULL DEFAULT 'pending',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "delivered_at" TIMESTAMPTZ(3),
    "delivered_by" TEXT,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "acked_at" TIMESTAMPTZ(3),
    "message" TEXT,
    "webhook" JSONB,

    CONSTRAINT "agent_commands_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "anomalies" (
    "id" BIGSERIAL NOT NULL,
    "agent_id" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "metric_id" BIGINT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "expected" DOUBLE PRECISION,
    "z_score" DOUBLE PRECISION,
    "robust_z" DOUBLE PRECISION,
    "score" DOUBLE PRECISION NOT NULL,
    "severity" "IssueSeverity" NOT NULL,
    "method" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "metric_at" TIMESTAMPTZ(3) NOT NULL,
    "detected_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "anomalies_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cost_reports" (
    "id" BIGSERIAL NOT NULL,
    "generated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "period_hours" INTEGER NOT NULL,
    "total_micros" BIGINT NOT NULL,
    "report" JSONB NOT NULL,

    CONSTRAINT "cost_reports_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "db_monitor_snapshots" (
    "id" BIGSERIAL NOT NULL,
    "collected_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "registered_agents" INTEGER NOT NULL,
    "active_agents" INTEGER NOT NULL,
    "connections_used" INTEGER NOT NULL,
    "connections_max" INTEGER NOT NULL,
    "query_p95_ms" DOUBLE PRECISION NOT NULL,
    "cache_hit_ratio" DOUBLE PRECISION,
    "consistency_score" DOUBLE PRECISION NOT NULL,
    "error_rate" DOUBLE PRECISION,
    "ingest_per_minute" INTEGER NOT NULL,
    "ingest_lag_seconds" DOUBLE PRECISION,
    "database_bytes" BIGINT NOT NULL,
    "figures" JSONB NOT NULL,
    "breaches" JSONB NOT NULL DEFAULT '[]',

    CONSTRAINT "db_monitor_snapshots_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "incidents_open_key_key" ON "incidents"("open_key");

-- CreateIndex
CREATE INDEX "incidents_agent_id_detected_at_idx" ON "incidents"("agent_id", "detected_at" DESC);

-- CreateIndex
CREATE INDEX "incidents_status_detected_at_idx" ON "incidents"("status", "detected_at" DESC);

-- CreateIndex
CREATE INDEX "incidents_fingerprint_closed_at_idx" ON "incidents"("fingerprint", "closed_at" DESC);

-- CreateIndex
CREATE INDEX "incident_steps_created_at_idx" ON "incident_steps"("created_at");

-- CreateIndex
CREATE UNIQUE INDEX "incident_steps_incident_id_key_key" ON "incident_steps"("incident_id", "key");

-- CreateIndex
CREATE INDEX "recovery_actions_recovery_type_status_idx" ON "recovery_actions"("recovery_type", "status");

-- CreateIndex
CREATE INDEX "recovery_actions_agent_id_planned_at_idx" ON "recovery_actions"("agent_id", "planned_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "recovery_actions_incident_id_attempt_key" ON "recovery_actions"("incident_id", "attempt");

-- CreateIndex
CREATE INDEX "agent_commands_agent_id_status_idx" ON "agent_commands"("agent_id", "status");

-- CreateIndex
CREATE INDEX "agent_commands_status_expires_at_idx" ON "agent_commands"("status", "expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "agent_commands_action_id_purpose_key" ON "agent_commands"("action_id", "purpose");

-- CreateIndex
CREATE UNIQUE INDEX "anomalies_metric_id_key" ON "anomalies"("metric_id");

-- CreateIndex
CREATE INDEX "anomalies_detected_at_idx" ON "anomalies"("detected_at" DESC);

-- CreateIndex
CREATE INDEX "anomalies_agent_id_metric_detected_at_idx" ON "anomalies"("agent_id", "metric", "detected_at" DESC);

-- CreateIndex
CREATE INDEX "cost_reports_generated_at_idx" ON "cost_reports"("generated_at" DESC);

-- CreateIndex
CREATE INDEX "db_monitor_snapshots_collected_at_idx" ON "db_monitor_snapshots"("collected_at" DESC);

-- AddForeignKey
ALTER TABLE "incident_steps" ADD CONSTRAINT "incident_steps_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "recovery_actions" ADD CONSTRAINT "recovery_actions_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

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
