namespace Edge.Runtime.Tests.Storage;

/// <summary>
/// The reading store's layouts as earlier gateway releases created them, written out here rather than taken from
/// <c>StoreSchema</c>, so the migration tests start from what shipped, not from what the code says today. Each test
/// appends its own rows.
/// </summary>
internal static class ShippedStoreLayouts
{
    /// <summary>The first release's file, at schema version 1, without rows.</summary>
    public const string Version1 = """
        CREATE TABLE schema_version (version INTEGER NOT NULL);
        CREATE TABLE readings (
            id INTEGER PRIMARY KEY,
            meter_id TEXT NOT NULL CHECK (length(meter_id) > 0),
            protocol INTEGER NOT NULL,
            gateway_time_ms INTEGER NOT NULL,
            gateway_offset_min INTEGER NOT NULL,
            meter_time_ms INTEGER,
            meter_offset_min INTEGER,
            import_t1_wh INTEGER,
            import_t2_wh INTEGER,
            export_t1_wh INTEGER,
            export_t2_wh INTEGER,
            import_total_wh INTEGER,
            export_total_wh INTEGER,
            active_tariff INTEGER,
            import_power_w REAL,
            export_power_w REAL,
            quality INTEGER NOT NULL
        );
        CREATE INDEX readings_by_meter_time ON readings (meter_id, gateway_time_ms);
        CREATE INDEX readings_by_time ON readings (gateway_time_ms);
        INSERT INTO schema_version (version) VALUES (1);
        """;

    /// <summary>What version 2 added to version 1: voltages per phase and the event counters.</summary>
    public const string Version2Additions = """
        ALTER TABLE readings ADD COLUMN voltage_l1_v REAL;
        ALTER TABLE readings ADD COLUMN voltage_l2_v REAL;
        ALTER TABLE readings ADD COLUMN voltage_l3_v REAL;
        ALTER TABLE readings ADD COLUMN power_failures INTEGER;
        ALTER TABLE readings ADD COLUMN long_power_failures INTEGER;
        ALTER TABLE readings ADD COLUMN tamper_events INTEGER;
        UPDATE schema_version SET version = 2;
        """;

    /// <summary>What version 3 added to version 2: currents per phase, sag/swell counters and the power-failure log.</summary>
    public const string Version3Additions = """
        ALTER TABLE readings ADD COLUMN current_l1_a REAL;
        ALTER TABLE readings ADD COLUMN current_l2_a REAL;
        ALTER TABLE readings ADD COLUMN current_l3_a REAL;
        ALTER TABLE readings ADD COLUMN voltage_sags INTEGER;
        ALTER TABLE readings ADD COLUMN voltage_swells INTEGER;
        CREATE TABLE power_failure_log (
            meter_id TEXT NOT NULL CHECK (length(meter_id) > 0),
            end_ms INTEGER NOT NULL,
            end_offset_min INTEGER NOT NULL,
            duration_s INTEGER NOT NULL CHECK (duration_s >= 0),
            first_seen_ms INTEGER NOT NULL,
            PRIMARY KEY (meter_id, end_ms)
        ) WITHOUT ROWID;
        CREATE INDEX power_failure_log_by_end ON power_failure_log (end_ms);
        UPDATE schema_version SET version = 3;
        """;

    /// <summary>What version 4 added to version 3: the technicians' declared meter replacements.</summary>
    public const string Version4Additions = """
        CREATE TABLE meter_replacements (
            id INTEGER PRIMARY KEY,
            meter_id TEXT NOT NULL CHECK (length(meter_id) > 0),
            swap_ms INTEGER NOT NULL,
            swap_offset_min INTEGER NOT NULL,
            old_final_wh INTEGER NOT NULL CHECK (old_final_wh >= 0),
            new_initial_wh INTEGER NOT NULL CHECK (new_initial_wh >= 0),
            declared_by TEXT NOT NULL CHECK (length(declared_by) > 0),
            declared_ms INTEGER NOT NULL,
            declared_offset_min INTEGER NOT NULL,
            note TEXT,
            days_recomputed INTEGER NOT NULL DEFAULT 0,
            UNIQUE (meter_id, swap_ms)
        );
        UPDATE schema_version SET version = 4;
        """;
}
