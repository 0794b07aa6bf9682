using Edge.Runtime.Health;
using Edge.Runtime.Models;
using Edge.Runtime.Uplink;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Edge.Gateway.Api;

/// <summary>GET /api/status: is the gateway working, with which model, and what needs attention.</summary>
public sealed record GatewayStatus
{
    public required string GatewayId { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required double UptimeSeconds { get; init; }

    /// <summary>The active model as "model-id@version"; null when none is installed (local rules still run).</summary>
    public string? Model { get; init; }

    public required IReadOnlyList<Fault> Faults { get; init; }

    public required MeterSummary Meters { get; init; }

    /// <summary>Alerts not yet acknowledged.</summary>
    public required int AlertsOpen { get; init; }

    /// <summary>The last return to a previous model (automatic or by an operator), kept across restarts; details at /api/models.</summary>
    public RollbackRecord? LastRollback { get; init; }

    /// <summary>Model delivery since start: activations, refusals by reason, rollbacks; null without model delivery.</summary>
    public ModelDeliveryCounts? ModelDelivery { get; init; }

    /// <summary>The fleet uplink: connected, outbox depth and oldest message's age, last publish; null when not configured.</summary>
    public UplinkStatus? Uplink { get; init; }

    /// <summary>
    /// Days of daily kWh store upkeep keeps: storage.dailyRetentionDays, or the active and previous models' longest
    /// window plus a day when that is longer (docs/gateway-storage.md).
    /// </summary>
    public int? DailyRetentionDays { get; init; }
}

/// <summary>How many meters are configured, and how many of those have a fault now.</summary>
public sealed record MeterSummary(int Configured, int Reporting, int Faulty);

/// <summary>One meter as GET /api/meters and the page show it.</summary>
public sealed record MeterView
{
    public required string Id { get; init; }

    public required string Protocol { get; init; }

    /// <summary>"connected", "device-missing", "silent", "polling", ... ; "not started" before its source reported.</summary>
    public required string Transport { get; init; }

    /// <summary>Gateway time of the last stored reading; null before the first.</summary>
    public DateTimeOffset? LastReadingAt { get; init; }

    /// <summary>Current per phase (A; L1, L2, L3, null where not reported) of the newest stored reading (after a restart,
    /// the one in the store); empty before the first or when the meter reports no current (S0 lines).</summary>
    public IReadOnlyList<double?> CurrentA { get; init; } = [];

    /// <summary>The meter's voltage sag counters per phase (L1, L2, L3; DSMR 1-0:32/52/72.32.0) in the newest stored
    /// reading, null where not reported; empty when the meter reports none per phase.</summary>
    public IReadOnlyList<int?> VoltageSags { get; init; } = [];

    /// <summary>The meter's voltage swell counters per phase (DSMR 1-0:32/52/72.36.0), as <see cref="VoltageSags"/>.</summary>
    public IReadOnlyList<int?> VoltageSwells { get; init; } = [];

    /// <summary>Readings stored since the daemon started.</summary>
    public long ReadingsStored { get; init; }

    /// <summary>Frames or pulses rejected since the daemon started, all reasons.</summary>
    public long Rejected { get; init; }

    /// <summary>The meter's current fault, if any ("device /dev/ttyUSB0 vanished").</summary>
    public string? Fault { get; init; }
}

/// <summary>POST /api/alerts/{id}/ack body (optional): who acknowledges; defaults to the token holder's name.</summary>
public sealed record AckRequest(string? By);
