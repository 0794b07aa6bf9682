using Edge.Runtime.Config;
using Edge.Runtime.Health;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Edge.Gateway.Api;

/// <summary>GET /api/meters (read role): every configured meter with its newest stored reading and its fault.</summary>
internal static class MeterEndpoints
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/meters", ([FromServices] GatewayConfig config, [FromServices] MeterStatusBoard board, [FromServices] FaultBoard faults) =>
            TypedResults.Json(MeterViews.Build(config, board, faults), ApiJson.Default.IReadOnlyListMeterView))
        .RequireRole(ApiRole.Read);
}

/// <summary>Joins the configured meters with their live status and the faults reported under "meter:ID".</summary>
internal static class MeterViews
{
    public static IReadOnlyList<MeterView> Build(GatewayConfig config, MeterStatusBoard board, FaultBoard faults)
    {
        var live = board.Snapshot().ToDictionary(m => m.MeterId, StringComparer.Ordinal);
        var byComponent = faults.Snapshot().ToDictionary(f => f.Component, StringComparer.Ordinal);
        return [.. config.Meters.Select(m =>
        {
            var status = live.GetValueOrDefault(m.Id);
            return new MeterView
            {
                Id = m.Id,
                Protocol = status?.Protocol ?? m.Protocol?.ToString().ToLowerInvariant() ?? "unknown",
                Transport = status is null ? "not started" : status.Detail is null ? status.TransportState : $"{status.TransportState} ({status.Detail})",
                LastReadingAt = status?.LastReadingAt,
                CurrentA = status?.LastCurrentA ?? [],
                VoltageSags = status?.LastVoltageSags ?? [],
                VoltageSwells = status?.LastVoltageSwells ?? [],
                ReadingsStored = status?.ReadingsStored ?? 0,
                Rejected = status?.Rejects.Values.Sum() ?? 0,
                Fault = byComponent.GetValueOrDefault(FaultComponent(m.Id))?.Message,
            };
        })];
    }

    // The meter sources report under "meter:<id>" (FaultBoard's convention, Ingest's SerialFaultReporter).
    private static string FaultComponent(string meterId) => "meter:" + meterId;
}
