-- The config server's state. Plain SQL that H2 and MariaDB (and most JDBC databases) run alike:
-- no MERGE, no vendor functions; long text as ${text} (CLOB on H2, LONGTEXT on MariaDB).
CREATE TABLE machine_group (
    name        VARCHAR(128) NOT NULL PRIMARY KEY,
    description VARCHAR(1024),
    selector    ${text} NOT NULL,
    updated_at  BIGINT NOT NULL
);

CREATE TABLE collection_config (
    name           VARCHAR(128) NOT NULL PRIMARY KEY,
    description    VARCHAR(1024),
    latest_version BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);

CREATE TABLE config_version (
    name        VARCHAR(128) NOT NULL,
    version     BIGINT NOT NULL,
    yaml        ${text} NOT NULL,
    description VARCHAR(1024),
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (name, version)
);

-- A config applied to a group: the version every member runs, and an optional canary version
-- that a share of the members (by a stable hash of the instance id) runs instead.
CREATE TABLE assignment (
    config_name    VARCHAR(128) NOT NULL,
    group_name     VARCHAR(128) NOT NULL,
    stable_version BIGINT NOT NULL,
    canary_version BIGINT,
    canary_percent INT NOT NULL,
    note           VARCHAR(1024),
    updated_at     BIGINT NOT NULL,
    PRIMARY KEY (config_name, group_name)
);

CREATE TABLE agent (
    instance_id    VARCHAR(128) NOT NULL PRIMARY KEY,
    agent_type     VARCHAR(64),
    ip             VARCHAR(64),
    hostname       VARCHAR(255),
    attributes     ${text},
    sequence_num   BIGINT NOT NULL,
    startup_time   BIGINT NOT NULL,
    last_heartbeat BIGINT NOT NULL,
    running_status VARCHAR(64)
);

CREATE TABLE agent_config (
    instance_id VARCHAR(128) NOT NULL,
    config_name VARCHAR(128) NOT NULL,
    version     BIGINT NOT NULL,
    status      VARCHAR(16) NOT NULL,
    message     ${text},
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (instance_id, config_name)
);
