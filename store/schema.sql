-- The schema of one statistics VERSION (store/versions.py): Kolada's catalogue, municipalities,
-- groups and the published values, written once by a load and never changed afterwards. People's work
-- (targets, assessments, own peer sets, direction edits, the load history) lives in the work store
-- (store/work.py); readers see both under these names (store/reader.py). store/ is the only code that
-- holds SQL text.

-- The load runs whose values this version holds (copied from the work store's load_run when the
-- version was written), so a version tells where its values came from on its own.
CREATE TABLE IF NOT EXISTS version_load_run (
    load_run_id   INTEGER PRIMARY KEY,
    source        VARCHAR NOT NULL,
    request       VARCHAR NOT NULL,
    finished_at   TIMESTAMP
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

-- Published values, one row per (kpi_id, municipality_id, year, gender). A missing row means "no
-- value"; value may be NULL only when Kolada sent null. No PRIMARY KEY: its index would be most of
-- the file (684 MiB of 700); store.statistics.check_unique fails a load that would break the key.
CREATE TABLE IF NOT EXISTS observation (
    kpi_id          VARCHAR NOT NULL,
    municipality_id VARCHAR NOT NULL,
    year            SMALLINT NOT NULL,
    gender          VARCHAR NOT NULL CHECK (gender IN ('T', 'K', 'M')),
    value           DOUBLE,
    status          VARCHAR,
    count           INTEGER,
    load_run_id     INTEGER NOT NULL
);

-- Values of the snapshot's metadata that the build needs later (e.g. the snapshot's date).
CREATE TABLE IF NOT EXISTS meta (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR
);
