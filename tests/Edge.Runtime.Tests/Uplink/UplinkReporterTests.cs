using System.Text.Json;
using Edge.Runtime.Alerts;
using Edge.Runtime.Health;
using Edge.Runtime.Uplink;
using Edge.Runtime.Uplink.Payloads;

namespace Edge.Runtime.Tests.Uplink;

/// <summary>The JSON on the wire, field by field, as docs/uplink.md documents it.</summary>
public sealed class UplinkReporterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("edge-reporter-").FullName;
    private readonly Outbox _outbox;
    private readonly UplinkReporter _reporter;

    public UplinkReporterTests()
    {
        _outbox = Outbox.Open(new OutboxOptions { DatabasePath = Path.Combine(_dir, "gateway.db"), MaxMessages = 3 }, TimeProvider.System);
        _reporter = new UplinkReporter(_outbox, UplinkTopics.For(new UplinkOptions { Host = "h", ClientId = "c", TopicPrefix = "edge/gw-7/" }));
    }

    public void Dispose()
    {
        _outbox.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private (OutboxMessage Message, JsonElement Json) Newest()
    {
        OutboxMessage? last = null;
        while (_outbox.Peek() is { } message)
        {
            last = message;
            _outbox.Remove(message.Sequence);
        }

        return (last!, JsonDocument.Parse(last!.Payload).RootElement);
    }

    [Fact]
    public void An_alert_is_published_on_the_alerts_topic_as_camel_case_json_with_the_kind_by_name()
    {
        _reporter.ReportAlert(new Alert
        {
            Id = 17,
            MeterId = "E0012345",
            Kind = AlertKind.PulseRegisterMismatch,
            RaisedAt = new DateTimeOffset(2026, 11, 20, 3, 0, 0, TimeSpan.FromHours(1)),
            Evidence = "S0 pulses 12.40 kWh vs register 3.10 kWh",
            AcknowledgedBy = "not sent",
        });

        var (message, json) = Newest();

        Assert.Equal("edge/gw-7/alerts", message.Topic);
        Assert.Equal(OutboxKind.Alert, message.Kind);
        Assert.Equal(17, json.GetProperty("alertId").GetInt64());
        Assert.Equal("E0012345", json.GetProperty("meterId").GetString());
        Assert.Equal("PulseRegisterMismatch", json.GetProperty("kind").GetString());
        Assert.Equal("2026-11-20T03:00:00+01:00", json.GetProperty("raisedAt").GetString());
        Assert.Equal("S0 pulses 12.40 kWh vs register 3.10 kWh", json.GetProperty("evidence").GetString());
        Assert.False(json.TryGetProperty("score", out _)); // rule alert: no score, omitted rather than null
        Assert.False(json.TryGetProperty("acknowledgedBy", out _));
    }

    [Fact]
    public void A_daily_summary_writes_the_day_as_a_date()
    {
        _reporter.ReportDailySummary(new DailySummaryReport
        {
            Day = new DateOnly(2026, 11, 19),
            Meters = 3,
            MetersScored = 2,
            ReadingsStored = 25_920,
            AlertsRaised = 1,
            ModelVersion = "gateway@7",
        });

        var (message, json) = Newest();

        Assert.Equal("edge/gw-7/daily", message.Topic);
        Assert.Equal(OutboxKind.DailySummary, message.Kind);
        Assert.Equal("2026-11-19", json.GetProperty("day").GetString());
        Assert.Equal(25_920, json.GetProperty("readingsStored").GetInt64());
        Assert.Equal("gateway@7", json.GetProperty("modelVersion").GetString());
    }

    [Fact]
    public void A_health_report_carries_the_outbox_backlog_and_its_drop_counters()
    {
        // Bound of 3: four alerts make the outbox drop the oldest alert, which the next health report must tell.
        // One is then sent, so the report fits: 2 queued before it.
        _outbox.Enqueue("edge/gw-7/alerts", "1"u8, OutboxKind.Alert);
        _outbox.Enqueue("edge/gw-7/alerts", "2"u8, OutboxKind.Alert);
        _outbox.Enqueue("edge/gw-7/alerts", "3"u8, OutboxKind.Alert);
        _outbox.Enqueue("edge/gw-7/alerts", "4"u8, OutboxKind.Alert);
        Assert.True(_outbox.Remove(_outbox.Peek()!.Sequence));
        var since = new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);

        _reporter.ReportHealth(new HealthReport
        {
            At = since.AddHours(1),
            UptimeSeconds = 3600,
            Meters = 2,
            Faults = [new Fault("meter:kitchen", "no telegram for 60 s", since)],
        });

        var (message, json) = Newest();
        Assert.Equal("edge/gw-7/health", message.Topic);
        var outbox = json.GetProperty("outbox");
        Assert.Equal(2, outbox.GetProperty("queued").GetInt64()); // counted before the report itself was enqueued
        Assert.Equal(1, outbox.GetProperty("dropped").GetProperty("alerts").GetInt64());
        Assert.Equal(0, outbox.GetProperty("dropped").GetProperty("health").GetInt64());
        var fault = Assert.Single(json.GetProperty("faults").EnumerateArray());
        Assert.Equal("meter:kitchen", fault.GetProperty("component").GetString());
        Assert.Equal("2026-11-20T08:00:00+00:00", fault.GetProperty("since").GetString());
    }
}
