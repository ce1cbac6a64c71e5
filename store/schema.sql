-- Trappan's one DuckDB schema. Table and column names are a contract between loaders/, analysis/
-- and dashboard/; store/ is the only code that holds SQL text. Every statement is idempotent.

-- Provenance: every observation, target and local KPI value points at the load that wrote it.
CREATE TABLE IF NOT EXISTS load_run (
    load_run_id   INTEGER PRIMARY KEY,  -- assigned as max + 1 by store.write.start_load_run
    source        VARCHAR NOT NULL,     -- e.g. 'Kolada via open-numbers dump, 2024-08', 'Kolada API v3'
    request       VARCHAR NOT NULL,     -- what was asked: command line, KPI ids, years, file name
    started_at    TIMESTAMP NOT NULL,
    finished_at   TIMESTAMP,
    rows_written  BIGINT,
    outcome       VARCHAR NOT NULL CHECK (outcome IN ('running', 'ok', 'failed')),
    message       VARCHAR
);

-- The whole KPI catalogue (Kolada's 2026 catalogue, retired KPIs that still have values, own KPIs).
CREATE TABLE IF NOT EXISTS kpi (
    kpi_id                VARCHAR PRIMARY KEY,
    title                 VARCHAR NOT NULL,
    description           VARCHAR,
    operating_area        VARCHAR,
    perspective           VARCHAR,
    is_divided_by_gender  BOOLEAN,
    municipality_type     VARCHAR,      -- K kommun, L region, A alla
    auspice               VARCHAR,
    unit                  VARCHAR,      -- derived from the title: '%', 'kr/inv', 'kr', 'antal', ...
    direction             VARCHAR NOT NULL DEFAULT 'none' CHECK (direction IN ('higher', 'lower', 'none')),
    direction_reason      VARCHAR,
    publication_date      DATE,
    prel_publication_date DATE,
    publ_period           VARCHAR,
    has_ou_data           BOOLEAN,
    retired               BOOLEAN NOT NULL DEFAULT FALSE,   -- has values but left Kolada's catalogue
    source                VARCHAR NOT NULL DEFAULT 'kolada' CHECK (source IN ('kolada', 'local'))
);

-- Direction edits made by people (the Data page), newest last: who changed what and why.
CREATE TABLE IF NOT EXISTS kpi_direction_change (
    kpi_id      VARCHAR NOT NULL,
    old         VARCHAR,
    new         VARCHAR NOT NULL CHECK (new IN ('higher', 'lower', 'none')),
    reason      VARCHAR NOT NULL,
    changed_by  VARCHAR,
    changed_at  TIMESTAMP NOT NULL
);

-- Areas shown in the dashboard: Kolada's operating areas (data/areas.csv), KKiK, and every other Kolada
-- KPI group (Öppna jämförelser sets and the rest; area_id = the group id in lower case, e.g. 'gkpi97').
CREATE TABLE IF NOT EXISTS area (
    area_id        VARCHAR PRIMARY KEY,   -- slug: 'grundskola', 'aldreomsorg', 'kkik', ...
    title_sv       VARCHAR NOT NULL,
    title_en       VARCHAR NOT NULL,
    operating_area VARCHAR,               -- Kolada operating_area the area stands for, or NULL
    kpi_group_id   VARCHAR,               -- or the KPI group that defines it (KKiK: GKPI118)
    peer_area      VARCHAR,               -- the word in "Liknande kommuner <peer_area>", if any
    sort_order     INTEGER NOT NULL,
    kind           VARCHAR NOT NULL DEFAULT 'verksamhet'  -- kkik, verksamhet, oj (Öppna jämförelser), grupp
);

-- Each area's hand-picked headline set (8-20 KPIs), shown first by scorecards and decks.
CREATE TABLE IF NOT EXISTS area_headline (
    area_id  VARCHAR NOT NULL,
    kpi_id   VARCHAR NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (area_id, kpi_id)
);

CREATE TABLE IF NOT EXISTS kpi_group (
    group_id VARCHAR PRIMARY KEY,
    title    VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS kpi_group_member (
    group_id VARCHAR NOT NULL,
    kpi_id   VARCHAR NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (group_id, kpi_id)
);

CREATE TABLE IF NOT EXISTS municipality (
    municipality_id VARCHAR PRIMARY KEY,  -- kommunkod; '0000' Riket, '0001'-'0025' regions
    title           VARCHAR NOT NULL,
    type            VARCHAR NOT NULL CHECK (type IN ('K', 'L')),
    county_id       VARCHAR              -- the region (Kolada id '00' || first two digits); NULL for Riket
);

-- Peer sets. kind: liknande (Kolada "Liknande kommuner <area>, <kommun>, <year>"), county,
-- skr_kommungrupp, sekom (SKR socio-economic group), size (population band), network, own.
CREATE TABLE IF NOT EXISTS municipality_group (
    group_id              VARCHAR PRIMARY KEY,
    title                 VARCHAR NOT NULL,
    kind                  VARCHAR NOT NULL CHECK (kind IN ('liknande', 'county', 'skr_kommungrupp', 'sekom',
                                                           'size', 'network', 'own')),
    area                  VARCHAR,        -- liknande: the area word ('grundskola', 'äldreomsorg', ...)
    year                  INTEGER,        -- liknande: the year in the title
    owner_municipality_id VARCHAR,        -- liknande: whose peers; county: the region id; own: creator's kommun
    created_by            VARCHAR,
    created_at            TIMESTAMP
);

CREATE TABLE IF NOT EXISTS municipality_group_member (
    group_id        VARCHAR NOT NULL,
    municipality_id VARCHAR NOT NULL,
    PRIMARY KEY (group_id, municipality_id)
);

-- Published values. A missing row means "no value"; value may be NULL only when Kolada sent null.
CREATE TABLE IF NOT EXISTS observation (
    kpi_id          VARCHAR NOT NULL,
    municipality_id VARCHAR NOT NULL,
    year            SMALLINT NOT NULL,
    gender          VARCHAR NOT NULL CHECK (gender IN ('T', 'K', 'M')),
    value           DOUBLE,
    status          VARCHAR,
    count           INTEGER,
    load_run_id     INTEGER NOT NULL,
    PRIMARY KEY (kpi_id, municipality_id, year, gender)
);

-- People's work: the municipality's own targets (issue #10). One row per target as it was set; a
-- change closes the row (ended_at) and adds a new one pointing back at it (replaces), an end only
-- closes it, so the history (who, when, what) is kept. A target judges only the years
-- from_year..to_year. target_value: the bound of min/max, the low bound of an interval, the value
-- a trajectory reaches in to_year, N of rank_top; unused by quartile_top/at_least_riket/at_least_peers.
CREATE TABLE IF NOT EXISTS target (
    target_id       INTEGER PRIMARY KEY,  -- assigned as max + 1 by store.write.add_target
    kpi_id          VARCHAR NOT NULL,
    municipality_id VARCHAR NOT NULL,
    gender          VARCHAR NOT NULL CHECK (gender IN ('T', 'K', 'M')),
    target_type     VARCHAR NOT NULL CHECK (target_type IN ('min', 'max', 'interval', 'rank_top', 'quartile_top',
                                                           'at_least_riket', 'at_least_peers', 'trajectory')),
    target_value    DOUBLE,
    target_high     DOUBLE,               -- interval: the upper bound
    from_year       SMALLINT NOT NULL,
    to_year         SMALLINT NOT NULL,
    peer_key        VARCHAR,              -- at_least_peers: the peer set ('liknande', 'lan', 'own:OWN1' ...)
    note            VARCHAR,
    source          VARCHAR,              -- the imported file's name, or 'app'
    load_run_id     INTEGER,              -- the import that wrote it; NULL when set in the app
    created_by      VARCHAR,
    created_at      TIMESTAMP NOT NULL,
    ended_by        VARCHAR,
    ended_at        TIMESTAMP,            -- NULL while the target is in force
    replaces        INTEGER               -- the target_id this row changed
);

-- People's work: an area's target rule for one municipality (e.g. grundskola: at least the mean of
-- Liknande kommuner; KKiK: the best quartile). It is the target of every KPI of the area that has
-- no own target for the year. History as for targets: ending or replacing a rule closes its row.
CREATE TABLE IF NOT EXISTS area_target_rule (
    rule_id         INTEGER PRIMARY KEY,  -- assigned as max + 1 by store.write.set_area_rule
    municipality_id VARCHAR NOT NULL,
    area_id         VARCHAR NOT NULL,
    target_type     VARCHAR NOT NULL CHECK (target_type IN ('rank_top', 'quartile_top', 'at_least_riket',
                                                           'at_least_peers')),
    target_value    DOUBLE,               -- rank_top: N
    peer_key        VARCHAR,              -- at_least_peers: the peer set
    created_by      VARCHAR,
    created_at      TIMESTAMP NOT NULL,
    ended_by        VARCHAR,
    ended_at        TIMESTAMP
);

-- The analyst's staircase: steps 5-7 and 9 as text, step 8 as suggested and chosen status.
CREATE TABLE IF NOT EXISTS assessment (
    assessment_id    INTEGER PRIMARY KEY,  -- assigned as max + 1 by store.write.save_assessment
    municipality_id  VARCHAR NOT NULL,
    kpi_id           VARCHAR NOT NULL,
    year             SMALLINT NOT NULL,
    gender           VARCHAR NOT NULL CHECK (gender IN ('T', 'K', 'M')),
    peer_set         VARCHAR,
    reflection       VARCHAR,   -- step 5
    evidence         VARCHAR,   -- step 6
    conclusion       VARCHAR,   -- step 7
    status_suggested VARCHAR CHECK (status_suggested IN ('green', 'yellow', 'red', 'white')),
    status           VARCHAR NOT NULL CHECK (status IN ('green', 'yellow', 'red', 'white')),
    status_reason    VARCHAR,   -- step 8: the reasons, or why the suggestion was overridden
    actions          VARCHAR,   -- step 9
    author           VARCHAR NOT NULL,
    saved_at         TIMESTAMP NOT NULL
);

-- Values of the snapshot's metadata that the build needs later (e.g. the snapshot's date).
CREATE TABLE IF NOT EXISTS meta (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR
);

-- Goal trees (målstyrning, issue #11): vision → goals at any depth → indicators with a target, one
-- version per imported sheet. The newest version (replaced_at NULL) is the municipality's tree;
-- former versions are kept, and so are the assessments made on them. People's work: a rebuild keeps it.
CREATE TABLE IF NOT EXISTS goal_tree_version (
    version_id      INTEGER PRIMARY KEY,  -- assigned as max + 1 by store.goals.replace_goal_tree
    municipality_id VARCHAR NOT NULL,
    source          VARCHAR,              -- the sheet's file name
    content_hash    VARCHAR NOT NULL,     -- of the nodes: importing the same sheet twice makes no new version
    imported_by     VARCHAR,
    imported_at     TIMESTAMP NOT NULL,
    replaced_at     TIMESTAMP             -- NULL: the current tree
);

CREATE TABLE IF NOT EXISTS goal_node (
    version_id   INTEGER NOT NULL,
    node_id      VARCHAR NOT NULL,        -- the sheet's id
    position     INTEGER NOT NULL,        -- the sheet's row order
    parent_id    VARCHAR,                 -- NULL only for a vision
    kind         VARCHAR NOT NULL CHECK (kind IN ('vision', 'goal', 'indicator')),
    title        VARCHAR,
    owner        VARCHAR,                 -- nämnd, förvaltning or bolag
    kpi_id       VARCHAR,                 -- indicators: a Kolada or own KPI
    gender       VARCHAR CHECK (gender IN ('T', 'K', 'M')),
    target_type  VARCHAR CHECK (target_type IN ('min', 'max', 'interval', 'rank_top', 'quartile_top',
                                                'at_least_riket', 'at_least_peers', 'trajectory')),
    target_value DOUBLE,
    target_high  DOUBLE,                  -- interval: the upper bound
    from_year    SMALLINT,                -- goals: their period; indicators: the target's validity
    to_year      SMALLINT,
    note         VARCHAR,
    PRIMARY KEY (version_id, node_id)
);

-- The owner's own assessment of a vision or goal for one follow-up period ("en ny skattning görs"),
-- a new row per save so the history (who, when) is kept.
CREATE TABLE IF NOT EXISTS goal_assessment (
    goal_assessment_id INTEGER PRIMARY KEY,  -- assigned as max + 1 by store.goals.save_goal_assessment
    municipality_id    VARCHAR NOT NULL,
    node_id            VARCHAR NOT NULL,
    version_id         INTEGER NOT NULL,     -- the tree version it was made on
    year               SMALLINT NOT NULL,
    period             VARCHAR NOT NULL CHECK (period IN ('delar', 'helar')),  -- delårsrapport, årsredovisning
    status             VARCHAR NOT NULL CHECK (status IN ('green', 'yellow', 'red', 'white')),
    status_suggested   VARCHAR CHECK (status_suggested IN ('green', 'yellow', 'red', 'white')),
    reason             VARCHAR,
    actions            VARCHAR,
    author             VARCHAR NOT NULL,
    saved_at           TIMESTAMP NOT NULL
);
