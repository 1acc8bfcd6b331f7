DROP VIEW IF EXISTS "agent_health_summary";
DROP VIEW IF EXISTS "metric_hourly_rollup";
DROP VIEW IF EXISTS "heartbeat_minute_counts";

-- CreateTable
CREATE TABLE "ingest_batches" (
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "items" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ingest_batches_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "metric_rollups" (
    "agent_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "resolution" TEXT NOT NULL,
    "bucket" TIMESTAMPTZ(3) NOT NULL,
    "count" INTEGER NOT NULL,
    "sum" DOUBLE PRECISION NOT NULL,
    "min" DOUBLE PRECISION NOT NULL,
    "max" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "metric_rollups_pkey" PRIMARY KEY ("agent_id","name","resolution","bucket")
);

-- CreateTable
CREATE TABLE "heartbeat_rollups" (
    "agent_id" TEXT NOT NULL,
    "resolution" TEXT NOT NULL,
    "bucket" TIMESTAMPTZ(3) NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "heartbeat_rollups_pkey" PRIMARY KEY ("agent_id","resolution","bucket")
);

-- CreateIndex
CREATE INDEX "ingest_batches_created_at_idx" ON "ingest_batches"("created_at");

-- CreateIndex
CREATE INDEX "metric_rollups_resolution_bucket_idx" ON "metric_rollups"("resolution", "bucket");

-- CreateIndex
CREATE INDEX "heartbeat_rollups_resolution_bucket_idx" ON "heartbeat_rollups"("resolution", "bucket");

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
