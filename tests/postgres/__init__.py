"""PostgreSQL-only behaviour: concurrency under real row locks, full-text search."""
