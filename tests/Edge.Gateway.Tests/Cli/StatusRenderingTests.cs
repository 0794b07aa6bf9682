using Edge.Gateway.Api;
using Edge.Gateway.Commands;
using Edge.Runtime.Health;
using Edge.Runtime.Models;
using Edge.Runtime.Uplink;

namespace Edge.Gateway.Tests.Cli;

/// <summary>
/// <c>edge status</c> as a technician reads it, from canned <c>/api/status</c> answers. The expected text is written by
/// hand: keys padded to the longest key plus two spaces, times as HumanFormat writes them.
/// </summary>
public sealed class StatusRenderingTests
{
    private static readonly DateTimeOffset Started = new(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);

    private static GatewayStatus Status(UplinkStatus? uplink, RollbackRecord? rollback, ModelDeliveryCounts? delivery) => new()
    {
        GatewayId = "gw-farm-7",
        StartedAt = Started,
        UptimeSeconds = (4 * 86_400) + (3 * 3600) + (50 * 60) + 15, // now is 2026-11-24 11:50:15 UTC
        Model = "gateway-theft@3",
        Faults = [new Fault("uplink", "connection refused", new DateTimeOffset(2026, 11, 24, 11, 50, 0, TimeSpan.Zero))],
        Meters = new MeterSummary(3, 2, 1),
        AlertsOpen = 2,
        Uplink = uplink,
        LastRollback = rollback,
        ModelDelivery = delivery,
    };

    /// <summary>Connected since start, nothing waiting, nothing sent yet.</summary>
    private static readonly UplinkStatus QuietUplink = new()
    {
        Connected = true,
        Queued = 0,
        OldestQueuedAgeSeconds = 0,
        Sent = 0,
        Dropped = default,
        ConnectAttempts = 1,
        LastConnectedAt = new DateTimeOffset(2026, 11, 20, 8, 0, 2, TimeSpan.Zero),
        ModelBundlesReceived = 0,
    };

    [Fact]
    public void The_daily_retention_is_a_row_when_the_daemon_reports_it()
    {
        var text = StatusCommand.Render(Status(QuietUplink, null, null) with { DailyRetentionDays = 1035 });

        Assert.Matches(@"\ndaily kWh kept +1035 days\n", text);
        Assert.DoesNotContain("daily kWh kept", StatusCommand.Render(Status(QuietUplink, null, null)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_disconnected_uplink_with_a_backlog_and_an_automatic_rollback_are_spelled_out()
    {
        var uplink = new UplinkStatus
        {
            Connected = false,
            Queued = 42,
            OldestQueuedAt = new DateTimeOffset(2026, 11, 24, 10, 20, 0, TimeSpan.Zero),
            OldestQueuedAgeSeconds = 5415, // 1 h 30 min 15 s before now
            LastPublishedAt = new DateTimeOffset(2026, 11, 24, 10, 19, 58, TimeSpan.Zero),
            Sent = 1234,
            Dropped = new OutboxDrops(Health: 3, DailySummaries: 0, Alerts: 0),
            ConnectAttempts = 17,
            LastConnectedAt = new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero),
            LastError = "connection refused",
            LastErrorAt = new DateTimeOffset(2026, 11, 24, 11, 50, 0, TimeSpan.Zero),
            ModelBundlesReceived = 1,
        };
        var rollback = new RollbackRecord(
            "gateway-theft@4", "gateway-theft@3", RollbackKind.Automatic, "non-finite score NaN for meter house", new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero));
        var counts = new ModelDeliveryCounts(
            Activated: 1,
            new Dictionary<string, long> { [ModelRejection.NotNewer] = 2, ["BadSignature"] = 1 },
            AutomaticRollbacks: 1,
            OperatorRollbacks: 0);

        Assert.Equal(
            "gateway       gw-farm-7\n" +
            "up            4 d 3 h (since 2026-11-20 08:00:00 +00:00)\n" +
            "model         gateway-theft@3\n" +
            "meters        3 configured, 2 reporting, 1 with a fault\n" +
            "open alerts   2\n" +
            "faults        uplink: connection refused (since 2026-11-24 11:50:00 +00:00)\n" +
            "uplink        NOT connected (17 connect attempts since start, last connected 2026-11-24 09:00:00 +00:00)\n" +
            "  waiting     42 messages, the oldest for 1 h 30 min (queued 2026-11-24 10:20:00 +00:00)\n" +
            "  published   last acknowledged by the broker 2026-11-24 10:19:58 +00:00, 1234 since start\n" +
            "  dropped     0 alerts, 0 daily summaries, 3 health reports (outbox full)\n" +
            "  last error  connection refused (2026-11-24 11:50:00 +00:00)\n" +
            "rollback      automatic, from gateway-theft@4 to gateway-theft@3 at 2026-11-23 02:00:00 +00:00\n" +
            "  reason      non-finite score NaN for meter house\n" +
            "bundles       since start: 1 activated, 3 refused, 1 automatic and 0 operator rollbacks\n" +
            "  refused     BadSignature 1, NotNewer 2\n",
            StatusCommand.Render(Status(uplink, rollback, counts)));
    }

    [Fact]
    public void A_quiet_uplink_and_no_rollback_say_so_and_an_operator_rollback_to_no_model_is_named()
    {
        var uplink = QuietUplink;
        var none = new ModelDeliveryCounts(0, new Dictionary<string, long>(), 0, 0);

        var quiet = StatusCommand.Render(Status(uplink, rollback: null, none));

        Assert.EndsWith(
            "uplink       connected (since 2026-11-20 08:00:02 +00:00)\n" +
            "  waiting    no messages\n" +
            "  published  nothing acknowledged by the broker since start\n" +
            "rollback     none\n" +
            "bundles      since start: 0 activated, 0 refused, 0 automatic and 0 operator rollbacks\n",
            quiet);
        Assert.StartsWith("gateway      gw-farm-7\n", quiet, StringComparison.Ordinal);

        var byOperator = new RollbackRecord("gateway-theft@3", null, RollbackKind.Operator, "customer complaint", new DateTimeOffset(2026, 11, 24, 9, 30, 0, TimeSpan.Zero));
        Assert.Contains(
            "rollback     by an operator, from gateway-theft@3 to no model at 2026-11-24 09:30:00 +00:00\n" +
            "  reason     customer complaint\n",
            StatusCommand.Render(Status(uplink, byOperator, none with { OperatorRollbacks = 1 })),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Without_uplink_and_model_delivery_the_uplink_is_not_configured_and_no_rollback_lines_appear()
    {
        Assert.Equal(
            "gateway      gw-farm-7\n" +
            "up           4 d 3 h (since 2026-11-20 08:00:00 +00:00)\n" +
            "model        gateway-theft@3\n" +
            "meters       3 configured, 2 reporting, 1 with a fault\n" +
            "open alerts  2\n" +
            "faults       uplink: connection refused (since 2026-11-24 11:50:00 +00:00)\n" +
            "uplink       not configured\n",
            StatusCommand.Render(Status(uplink: null, rollback: null, delivery: null)));
    }

    [Fact]
    public void Messages_from_the_network_cannot_break_the_layout()
    {
        var uplink = QuietUplink with { Connected = false, ConnectAttempts = 3, LastError = "broker said:\nrejected\u001b[2J", LastErrorAt = Started };

        Assert.Contains("  last error  broker said:?rejected?[2J (2026-11-20 08:00:00 +00:00)\n", StatusCommand.Render(Status(uplink, null, null)), StringComparison.Ordinal);
    }
}
