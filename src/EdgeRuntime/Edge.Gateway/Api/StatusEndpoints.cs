using Edge.Runtime.Alerts;
using Edge.Runtime.Config;
using Edge.Runtime.Health;
using Edge.Runtime.Models;
using Edge.Runtime.Scoring;
using Edge.Runtime.Storage;
using Edge.Runtime.Uplink;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Edge.Gateway.Api;

/// <summary>GET /api/status (read role).</summary>
internal static class StatusEndpoints
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/status", (
            [FromServices] GatewayIdentity identity,
            [FromServices] TimeProvider time,
            [FromServices] IModelProvider? models,
            [FromServices] FaultBoard faults,
            [FromServices] AlertStore alerts,
            [FromServices] GatewayConfig config,
            [FromServices] MeterStatusBoard board,
            [FromServices] ModelInstaller? delivery,
            [FromServices] UplinkService? uplink) =>
            TypedResults.Json(Read(identity, time, models, faults, alerts, MeterViews.Build(config, board, faults), delivery?.Status, uplink?.Status, config.Storage), ApiJson.Default.GatewayStatus))
        .RequireRole(ApiRole.Read);

    public static GatewayStatus Read(
        GatewayIdentity identity, TimeProvider time, IModelProvider? models, FaultBoard faults, AlertStore alerts, IReadOnlyList<MeterView> meters, ModelStatus? delivery, UplinkStatus? uplink, StorageConfig storage)
    {
        var now = time.GetUtcNow();
        return new GatewayStatus
        {
            GatewayId = identity.GatewayId,
            StartedAt = identity.StartedAt,
            UptimeSeconds = Math.Max(0, (now - identity.StartedAt).TotalSeconds),
            Model = models?.Active?.Label,
            Faults = faults.Snapshot(),
            Meters = new MeterSummary(
                meters.Count,
                // Reporting means a reading stored since start: after a restart the last stored one is history.
                meters.Count(m => m.Fault is null && m.ReadingsStored > 0),
                meters.Count(m => m.Fault is not null)),
            AlertsOpen = alerts.CountOpen(),
            LastRollback = delivery?.LastRollback,
            ModelDelivery = delivery?.Counts,
            Uplink = uplink,
            DailyRetentionDays = DailyRetention.Days(storage.DailyRetentionDays, models?.WindowDaysNeeded ?? 0),
        };
    }
}
