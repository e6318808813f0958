-- One database per Stafettlogg service. They are all owned by POSTGRES_USER.
-- The postgres image runs this file only once, on the first start with an
-- empty data volume (/docker-entrypoint-initdb.d). Each service creates its
-- own tables with its Alembic migrations when it starts.
CREATE DATABASE logs;
CREATE DATABASE consent;
CREATE DATABASE transfer;
CREATE DATABASE notify;
-- archive comes last: the compose healthcheck connects to it, so "healthy"
-- means this script has finished.
CREATE DATABASE archive;
