-- The PostgreSQL peer's schema (run-bench.sh): an event log with a global
-- position and a unique (stream, version), and one projection table.
CREATE TABLE events (
  position bigserial PRIMARY KEY,
  stream text NOT NULL,
  version integer NOT NULL,
  type text NOT NULL,
  data bytea NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (stream, version)
);
CREATE TABLE case_summaries (
  stream text PRIMARY KEY,
  version integer NOT NULL,
  status text NOT NULL,
  summary bytea NOT NULL,
  updated_at timestamptz NOT NULL
);
