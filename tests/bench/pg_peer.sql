-- The PostgreSQL peer of torgd's command path (run-bench.sh, pgbench): what
-- a team would build on PostgreSQL instead — per command one transaction
-- that reads the stream's version, appends the event row (unique stream and
-- version: optimistic concurrency) and upserts the case's projection row,
-- committed synchronously. Each pgbench client works its own cases, as each
-- torg_loadgen stream does.
\set case random(1, 2000)
BEGIN;
SELECT coalesce(max(version), 0) + 1 AS next_version FROM events WHERE stream = 'case-' || :client_id || '-' || :case \gset
INSERT INTO events (stream, version, type, data) VALUES ('case-' || :client_id || '-' || :case, :next_version, 'torg.v1.CaseStep', convert_to(repeat('x', :payload_bytes), 'UTF8'));
INSERT INTO case_summaries (stream, version, status, summary, updated_at) VALUES ('case-' || :client_id || '-' || :case, :next_version, 'coordinating', convert_to(repeat('y', 200), 'UTF8'), now()) ON CONFLICT (stream) DO UPDATE SET version = excluded.version, status = excluded.status, summary = excluded.summary, updated_at = excluded.updated_at;
COMMIT;
