-- CreateEnum
CREATE TYPE "AgentKind" AS ENUM ('builtin', 'external');

-- CreateEnum
CREATE TYPE "AgentState" AS ENUM ('registered', 'active', 'late', 'unresponsive', 'recovering', 'failed', 'paused', 'stopped');

-- CreateEnum
CREATE TYPE "Severity" AS ENUM ('debug', 'info', 'warning', 'error', 'critical');

-- CreateEnum
CREATE TYPE "CycleStatus" AS ENUM ('running', 'succeeded', 'failed', 'abandoned');

-- CreateTable
CREATE TABLE "agents" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "AgentKind" NOT NULL DEFAULT 'external',
    "description" TEXT,
    "capabilities" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "version" TEXT,
    "expected" BOOLEAN NOT NULL DEFAULT false,
    "state" "AgentState" NOT NULL DEFAULT 'registered',
    "state_changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeat_interval_seconds" INTEGER NOT NULL DEFAULT 60,
    "grace_seconds" INTEGER NOT NULL DEFAULT 60,
    "last_heartbeat_at" TIMESTAMPTZ(3),
    "first_seen_at" TIMESTAMPTZ(3),
    "health_score" DOUBLE PRECISION,
    "health_status" TEXT,
    "health_trend" TEXT,
    "health_factors" JSONB,
    "health_updated_at" TIMESTAMPTZ(3),
    "recovery_settings" JSONB NOT NULL DEFAULT '{}',
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "agents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "heartbeats" (
    "id" BIGSERIAL NOT NULL,
    "agent_id" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" TEXT,
    "metrics" JSONB,
    "metadata" JSONB,

    CONSTRAINT "heartbeats_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "metrics" (
    "id" BIGSERIAL NOT NULL,
    "agent_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "unit" TEXT,
    "timestamp" TIMESTAMPTZ(3) NOT NULL,
    "metadata" JSONB,

    CONSTRAINT "metrics_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "events" (
    "id" BIGSERIAL NOT NULL,
    "client_id" TEXT,
    "type" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "severity" "Severity" NOT NULL,
    "agent_id" TEXT,
    "timestamp" TIMESTAMPTZ(3) NOT NULL,
    "metadata" JSONB,

    CONSTRAINT "events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "agent_cycles" (
    "id" BIGSERIAL NOT NULL,
    "agent_id" TEXT NOT NULL,
    "worker_id" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ended_at" TIMESTAMPTZ(3),
    "status" "CycleStatus" NOT NULL DEFAULT 'running',
    "error" TEXT,
    "duration_ms" INTEGER,
    "summary" JSONB,

    CONSTRAINT "agent_cycles_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "agent_state_changes" (
    "id" BIGSERIAL NOT NULL,
    "agent_id" TEXT NOT NULL,
    "from_state" "AgentState" NOT NULL,
    "to_state" "AgentState" NOT NULL,
    "reason" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "agent_state_changes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "health_snapshots" (
    "id" BIGSERIAL NOT NULL,
    "agent_id" TEXT NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "status" TEXT NOT NULL,
    "factors" JSONB NOT NULL,
    "computed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "health_snapshots_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "system_health_snapshots" (
    "id" BIGSERIAL NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "status" TEXT NOT NULL,
    "factors" JSONB NOT NULL,
    "roster" JSONB NOT NULL,
    "computed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "system_health_snapshots_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_keys" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "scopes" TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "expires_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "worker_leases" (
    "agent_id" TEXT NOT NULL,
    "worker_id" TEXT NOT NULL,
    "lease_until" TIMESTAMPTZ(3) NOT NULL,
    "acquired_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "worker_leases_pkey" PRIMARY KEY ("agent_id")
);

-- CreateTable
CREATE TABLE "worker_processes" (
    "id" TEXT NOT NULL,
    "hostname" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "stopped_at" TIMESTAMPTZ(3),
    "counters" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "worker_processes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "settings" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "settings_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "agents_state_idx" ON "agents"("state");

-- CreateIndex
CREATE INDEX "heartbeats_agent_id_received_at_idx" ON "heartbeats"("agent_id", "received_at" DESC);

-- CreateIndex
CREATE INDEX "heartbeats_received_at_idx" ON "heartbeats"("received_at");

-- CreateIndex
CREATE INDEX "metrics_agent_id_name_timestamp_idx" ON "metrics"("agent_id", "name", "timestamp" DESC);

-- CreateIndex
CREATE INDEX "metrics_timestamp_idx" ON "metrics"("timestamp");

-- CreateIndex
CREATE UNIQUE INDEX "events_client_id_key" ON "events"("client_id");

-- CreateIndex
CREATE INDEX "events_timestamp_idx" ON "events"("timestamp" DESC);

-- CreateIndex
CREATE INDEX "events_agent_id_timestamp_idx" ON "events"("agent_id", "timestamp" DESC);

-- CreateIndex
CREATE INDEX "events_severity_timestamp_idx" ON "events"("severity", "timestamp" DESC);

-- CreateIndex
CREATE INDEX "agent_cycles_agent_id_started_at_idx" ON "agent_cycles"("agent_id", "started_at" DESC);

-- CreateIndex
CREATE INDEX "agent_state_changes_agent_id_created_at_idx" ON "agent_state_changes"("agent_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "agent_state_changes_created_at_idx" ON "agent_state_changes"("created_at");

-- CreateIndex
CREATE INDEX "health_snapshots_agent_id_computed_at_idx" ON "health_snapshots"("agent_id", "computed_at" DESC);

-- CreateIndex
CREATE INDEX "system_health_snapshots_computed_at_idx" ON "system_health_snapshots"("computed_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_hash_key" ON "api_keys"("hash");

-- CreateIndex
CREATE INDEX "worker_processes_last_seen_at_idx" ON "worker_processes"("last_seen_at");

-- AddForeignKey
ALTER TABLE "heartbeats" ADD CONSTRAINT "heartbeats_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "metrics" ADD CONSTRAINT "metrics_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "events" ADD CONSTRAINT "events_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agent_cycles" ADD CONSTRAINT "agent_cycles_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agent_state_changes" ADD CONSTRAINT "agent_state_changes_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "health_snapshots" ADD CONSTRAINT "health_snapshots_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

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
