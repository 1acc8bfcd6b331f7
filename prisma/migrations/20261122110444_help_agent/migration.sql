DROP VIEW IF EXISTS "agent_health_summary";
DROP VIEW IF EXISTS "metric_hourly_rollup";
DROP VIEW IF EXISTS "heartbeat_minute_counts";
DROP VIEW IF EXISTS "llm_daily_cost";

-- CreateTable
CREATE TABLE "help_conversations" (
    "id" UUID NOT NULL,
    "owner" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "help_conversations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "help_messages" (
    "id" UUID NOT NULL,
    "conversation_id" UUID NOT NULL,
    "role" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "answer" JSONB,
    "steps" JSONB NOT NULL DEFAULT '[]',
    "category" TEXT,
    "quality_score" DOUBLE PRECISION,
    "graded_at" TIMESTAMPTZ(3),
    "feedback" TEXT,
    "feedback_comment" TEXT,
    "feedback_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "help_messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "knowledge_documents" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "content_hash" TEXT NOT NULL,
    "bytes" INTEGER NOT NULL,
    "created_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    -- Generated (hand-written: Prisma cannot express it): title weighs more than body in ts_rank.
    "search_vector" tsvector GENERATED ALWAYS AS (setweight(to_tsvector('english', coalesce("title", '')), 'A') || setweight(to_tsvector('english', coalesce("body", '')), 'B')) STORED,

    CONSTRAINT "knowledge_documents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "help_requests" (
    "id" UUID NOT NULL,
    "owner" TEXT NOT NULL,
    "question" TEXT NOT NULL,
    "conversation_id" UUID,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "message_id" UUID,
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "claimed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "answered_at" TIMESTAMPTZ(3),

    CONSTRAINT "help_requests_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "help_conversations_owner_updated_at_idx" ON "help_conversations"("owner", "updated_at" DESC);

-- CreateIndex
CREATE INDEX "help_conversations_updated_at_idx" ON "help_conversations"("updated_at");

-- CreateIndex
CREATE INDEX "help_messages_conversation_id_created_at_idx" ON "help_messages"("conversation_id", "created_at");

-- CreateIndex
CREATE INDEX "help_messages_role_graded_at_idx" ON "help_messages"("role", "graded_at");

-- CreateIndex
CREATE UNIQUE INDEX "knowledge_documents_slug_key" ON "knowledge_documents"("slug");

-- CreateIndex
CREATE INDEX "knowledge_documents_source_updated_at_idx" ON "knowledge_documents"("source", "updated_at");

-- CreateIndex
CREATE INDEX "knowledge_documents_search_vector_idx" ON "knowledge_documents" USING GIN ("search_vector");

-- CreateIndex
CREATE INDEX "help_requests_status_created_at_idx" ON "help_requests"("status", "created_at");

-- AddForeignKey
ALTER TABLE "help_messages" ADD CONSTRAINT "help_messages_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "help_conversations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

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
