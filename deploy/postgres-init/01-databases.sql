-- One database per service that has one (the gateway keeps nothing): DATABASE_URL's "{service}"
-- becomes the service's name, so binome_{service} here must match DATABASE_URL in docker-compose.yml
-- (tests/unit/test_compose.py checks it). No service reads another's tables (DESIGN.md, section 2).
-- The postgres image runs this once, when it starts on an empty data volume; each service creates
-- its own tables at start-up (Alembic migrations).
CREATE DATABASE binome_profiles;
CREATE DATABASE binome_matching;
CREATE DATABASE binome_scheduling;
CREATE DATABASE binome_notifications;
