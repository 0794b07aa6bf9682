using System.Text;
using Edge.Runtime.Alerts;
using Edge.Runtime.Models;
using Edge.Runtime.Uplink;

namespace Edge.Runtime.Health;

/// <summary>What the metrics read from the rest of the gateway when scraped (pull model): nothing is counted twice.</summary>
/// <param name="Meters">Every meter's counters (<see cref="MeterStatusBoard.Snapshot"/>).</param>
/// <param name="ModelId">The active model's id; null when no model is installed.</param>
/// <param name="ModelVersion">The active model's version; null when no model is installed.</param>
/// <param name="ScoringRuns">Scoring runs completed since start (ScoringStatus.Runs).</param>
/// <param name="ScoringModelFailures">Runs whose model threw or gave a non-finite score (ScoringStatus.ModelFailures).</param>
/// <param name="FaultsActive">Faults on the <see cref="FaultBoard"/> now.</param>
/// <param name="OpenAlerts">Unacknowledged alerts by kind; kinds absent here are written as 0.</param>
public sealed record MetricsInputs(
    IReadOnlyList<MeterStatusSnapshot> Meters,
    string? ModelId,
    long? ModelVersion,
    long ScoringRuns,
    long ScoringModelFailures,
    int FaultsActive,
    IReadOnlyDictionary<AlertKind, int> OpenAlerts)
{
    /// <summary>The faults now (<see cref="FaultBoard.Snapshot"/>), one sample each so an alert rule can name the component.</summary>
    public IReadOnlyList<Fault> Faults { get; init; } = [];

    /// <summary>Model delivery's status (rollbacks, refusals); null when the host has no model delivery.</summary>
    public ModelStatus? ModelDelivery { get; init; }

    /// <summary>The fleet uplink's status; null when no uplink is configured (its families are then left out).</summary>
    public UplinkStatus? Uplink { get; init; }

    /// <summary>The process's memory, CPU, threads and GC (<see cref="ProcessSample.Capture"/>); null leaves those families out.</summary>
    public ProcessSample? Process { get; init; }
}

/// <summary>
/// The gateway's Prometheus metrics at /metrics. It keeps only what nobody else keeps, the scoring-latency histogram,
/// and writes everything else from <see cref="MetricsInputs"/> at scrape time.
/// Names follow Prometheus naming practice: an "edge_" prefix, base units (seconds), "_total" on counters; label
/// values that come from enum names are snake case ("bad_crc").
/// </summary>
public sealed class GatewayMetrics
{
    // Scoring a day's series takes milliseconds per meter; a run over hundreds of meters, seconds.
    private static readonly double[] ScoringBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    /// <summary>Phase label values L1..L3, lower case like every label value here.</summary>
    private static readonly string[] PhaseNames = ["l1", "l2", "l3"];

    private readonly LatencyHistogram _scoringLatency = new(ScoringBuckets);

    /// <summary>Records the wall time of one completed scoring run (scheduled or on demand).</summary>
    public void RecordScoringRun(TimeSpan elapsed) => _scoringLatency.Observe(elapsed);

    public void WriteTo(TextWriter output, MetricsInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var w = new PrometheusTextWriter(output);

        w.Family("edge_readings_received_total", "counter", "Readings decoded from meters, by meter.");
        foreach (var meter in inputs.Meters)
        {
            w.Sample("edge_readings_received_total", meter.ReadingsReceived, ("meter", meter.MeterId));
        }

        w.Family("edge_readings_stored_total", "counter", "Readings durably stored (acknowledged), by meter.");
        foreach (var meter in inputs.Meters)
        {
            w.Sample("edge_readings_stored_total", meter.ReadingsStored, ("meter", meter.MeterId));
        }

        w.Family("edge_frames_rejected_total", "counter", "Frames or pulses that failed their checks and did not become readings, by meter and reason.");
        foreach (var meter in inputs.Meters)
        {
            // Two enum names could map to one label value only if they differ in case alone; sum them to keep one series.
            var byReason = new SortedDictionary<string, long>(StringComparer.Ordinal);
            foreach (var (reason, count) in meter.Rejects)
            {
                byReason[SnakeCase(reason)] = byReason.GetValueOrDefault(SnakeCase(reason)) + count;
            }

            foreach (var (reason, count) in byReason)
            {
                w.Sample("edge_frames_rejected_total", count, ("meter", meter.MeterId), ("reason", reason));
            }
        }

        WritePerPhase(w, inputs.Meters, "edge_meter_current_amperes", "gauge", "Current per phase of the newest stored reading, by meter and phase; meters that report no current have no sample.", m => m.LastCurrentA);

        // The meter's own cumulative counters (DSMR 5.0.2 Table 6-3), so counters; a replaced meter starts again, a reset rate() handles.
        WritePerPhase(w, inputs.Meters, "edge_meter_voltage_sags_total", "counter", "Voltage sags counted by the meter per phase, from the newest stored reading.", m => [.. m.LastVoltageSags.Select(c => (double?)c)]);
        WritePerPhase(w, inputs.Meters, "edge_meter_voltage_swells_total", "counter", "Voltage swells counted by the meter per phase, from the newest stored reading.", m => [.. m.LastVoltageSwells.Select(c => (double?)c)]);

        _scoringLatency.WriteTo(w, "edge_scoring_duration_seconds", "Wall time of one scoring run over all meters.");
        w.Family("edge_scoring_runs_total", "counter", "Scoring runs completed (scheduled and on demand).");
        w.Sample("edge_scoring_runs_total", inputs.ScoringRuns);
        w.Family("edge_scoring_model_failures_total", "counter", "Scoring runs whose model threw or returned a non-finite score (local rules still ran).");
        w.Sample("edge_scoring_model_failures_total", inputs.ScoringModelFailures);

        w.Family("edge_model_info", "gauge", "The active model: always 1, labelled with its id and version; no sample when no model is installed.");
        if (inputs.ModelId is { } id && inputs.ModelVersion is { } version)
        {
            w.Sample("edge_model_info", 1, ("model_id", id), ("version", version.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        w.Family("edge_faults_active", "gauge", "Faults currently reported on the gateway (see /api/status for which).");
        w.Sample("edge_faults_active", inputs.FaultsActive);
        w.Family("edge_fault_active", "gauge", "1 for each component with a fault now (storage, meter:ID, model, scoring, uplink, ...); no sample when it works.");
        foreach (var fault in inputs.Faults)
        {
            w.Sample("edge_fault_active", 1, ("component", fault.Component));
        }

        if (inputs.ModelDelivery is { } delivery)
        {
            WriteModelDelivery(w, delivery);
        }

        if (inputs.Uplink is { } uplink)
        {
            WriteUplink(w, uplink);
        }

        w.Family("edge_alerts_open", "gauge", "Alerts not yet acknowledged, by kind.");
        foreach (var kind in Enum.GetValues<AlertKind>())
        {
            w.Sample("edge_alerts_open", inputs.OpenAlerts.GetValueOrDefault(kind), ("kind", SnakeCase(kind.ToString())));
        }

        if (inputs.Process is { } process)
        {
            ProcessMetrics.WriteTo(w, process);
        }
    }

    /// <summary>One sample per meter and reported phase (L1..L3); meters that report none have no sample.</summary>
    private static void WritePerPhase(
        PrometheusTextWriter w, IReadOnlyList<MeterStatusSnapshot> meters, string name, string type, string help, Func<MeterStatusSnapshot, IReadOnlyList<double?>> values)
    {
        w.Family(name, type, help);
        foreach (var meter in meters)
        {
            var perPhase = values(meter);
            for (var phase = 0; phase < Math.Min(perPhase.Count, PhaseNames.Length); phase++)
            {
                if (perPhase[phase] is { } value)
                {
                    w.Sample(name, value, ("meter", meter.MeterId), ("phase", PhaseNames[phase]));
                }
            }
        }
    }

    private static void WriteModelDelivery(PrometheusTextWriter w, ModelStatus delivery)
    {
        var counts = delivery.Counts;
        w.Family("edge_model_activations_total", "counter", "Model bundles activated since start.");
        w.Sample("edge_model_activations_total", counts.Activated);
        w.Family("edge_model_rejections_total", "counter", "Model bundles refused since start, by reason (bad_signature, not_newer, non_finite_score, ...).");
        foreach (var (reason, count) in counts.RejectedByReason.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            w.Sample("edge_model_rejections_total", count, ("reason", SnakeCase(reason)));
        }

        w.Family("edge_model_rollbacks_total", "counter", "Returns to the previous model since start: automatic (failed at run time or at start) or by an operator.");
        w.Sample("edge_model_rollbacks_total", counts.AutomaticRollbacks, ("kind", "automatic"));
        w.Sample("edge_model_rollbacks_total", counts.OperatorRollbacks, ("kind", "operator"));
        w.Family("edge_model_last_rollback_timestamp_seconds", "gauge", "Unix time of the last rollback ever (kept across restarts); no sample when there was none.");
        if (delivery.LastRollback is { } last)
        {
            w.Sample("edge_model_last_rollback_timestamp_seconds", last.AtUtc.ToUnixTimeMilliseconds() / 1000.0, ("from", last.From), ("to", last.To ?? ""), ("kind", SnakeCase(last.Kind.ToString())));
        }
    }

    private static void WriteUplink(PrometheusTextWriter w, UplinkStatus uplink)
    {
        w.Family("edge_uplink_connected", "gauge", "1 while the fleet uplink is connected to its broker.");
        w.Sample("edge_uplink_connected", uplink.Connected ? 1 : 0);
        w.Family("edge_uplink_outbox_messages", "gauge", "Messages waiting in the uplink outbox for the broker.");
        w.Sample("edge_uplink_outbox_messages", uplink.Queued);
        w.Family("edge_uplink_outbox_oldest_age_seconds", "gauge", "How long the oldest waiting message has waited; 0 when none waits.");
        w.Sample("edge_uplink_outbox_oldest_age_seconds", uplink.OldestQueuedAgeSeconds);
        w.Family("edge_uplink_last_publish_timestamp_seconds", "gauge", "Unix time of the broker's last acknowledgement; no sample before the first since start.");
        if (uplink.LastPublishedAt is { } at)
        {
            w.Sample("edge_uplink_last_publish_timestamp_seconds", at.ToUnixTimeMilliseconds() / 1000.0);
        }

        w.Family("edge_uplink_messages_sent_total", "counter", "Messages the broker acknowledged since start.");
        w.Sample("edge_uplink_messages_sent_total", uplink.Sent);
        w.Family("edge_uplink_messages_dropped_total", "counter", "Messages the outbox bounds dropped, by kind, since the outbox was created.");
        w.Sample("edge_uplink_messages_dropped_total", uplink.Dropped.Health, ("kind", "health"));
        w.Sample("edge_uplink_messages_dropped_total", uplink.Dropped.DailySummaries, ("kind", "daily_summary"));
        w.Sample("edge_uplink_messages_dropped_total", uplink.Dropped.Alerts, ("kind", "alert"));
    }

    /// <summary>An enum member name as a label value: BadCrc -> bad_crc, ModelScore -> model_score.</summary>
    public static string SnakeCase(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var label = new StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsAsciiLetterUpper(name[i]) && i > 0 && !char.IsAsciiLetterUpper(name[i - 1]))
            {
                label.Append('_');
            }

            label.Append(char.ToLowerInvariant(name[i]));
        }

        return label.ToString();
    }
}
