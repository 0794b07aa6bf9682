using Edge.MeterAdapter.Readings;
using Edge.Runtime.Alerts;
using Edge.Runtime.Storage;
using Microsoft.Data.Sqlite;

namespace Edge.Runtime.Tests.Alerts;

public sealed class AlertStoreTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 2, 0, 0, TimeSpan.FromHours(1));

    private readonly string _dir = Directory.CreateTempSubdirectory("edge-alerts-").FullName;

    private string DatabasePath => Path.Combine(_dir, "gateway.db");

    private AlertStore Open(TimeSpan? quiet = null) => AlertStore.Open(new AlertStoreOptions
    {
        DatabasePath = DatabasePath,
        QuietAfterAcknowledge = quiet ?? TimeSpan.FromDays(7),
    });

    private static Alert Finding(string meter, AlertKind kind, DateTimeOffset at, string evidence, float? score = null, string? model = null) => new()
    {
        MeterId = meter,
        Kind = kind,
        RaisedAt = at,
        Evidence = evidence,
        Score = score,
        ModelVersion = model,
    };

    [Fact]
    public void A_new_alert_is_stored_with_every_field_and_survives_reopen()
    {
        long id;
        using (var store = Open())
        {
            var stored = store.Raise(Finding("E1", AlertKind.ModelScore, T0.AddMilliseconds(123), "score 0.91 >= 0.5", 0.91f, "gateway-theft@3"));
            id = stored.Id;
            Assert.True(id > 0);
        }

        using var reopened = Open();
        var back = reopened.Get(id)!;
        Assert.Equal("E1", back.MeterId);
        Assert.Equal(AlertKind.ModelScore, back.Kind);
        Assert.Equal(T0.AddMilliseconds(123), back.RaisedAt);
        Assert.Equal(TimeSpan.FromHours(1), back.RaisedAt.Offset);
        Assert.Equal(back.RaisedAt, back.LastSeenAt);
        Assert.Equal(1, back.Occurrences);
        Assert.Equal(0.91f, back.Score);
        Assert.Equal("gateway-theft@3", back.ModelVersion);
        Assert.Equal("score 0.91 >= 0.5", back.Evidence);
        Assert.True(back.IsOpen);
        Assert.Null(back.AcknowledgedBy);
        Assert.Null(reopened.Get(id + 1));
    }

    [Fact]
    public void A_repeat_of_an_open_finding_updates_it_instead_of_adding_a_row()
    {
        using var store = Open();
        var first = store.Raise(Finding("E1", AlertKind.ModelScore, T0, "score 0.70", 0.70f, "m@1"));
        var again = store.Raise(Finding("E1", AlertKind.ModelScore, T0.AddDays(1), "score 0.80", 0.80f, "m@2"));
        var otherKind = store.Raise(Finding("E1", AlertKind.TamperBurst, T0.AddDays(1), "4 tamper events"));
        var otherMeter = store.Raise(Finding("E2", AlertKind.ModelScore, T0.AddDays(1), "score 0.60", 0.60f, "m@2"));

        Assert.Equal(first.Id, again.Id);
        Assert.Equal(2, again.Occurrences);
        Assert.Equal(T0, again.RaisedAt);
        Assert.Equal(T0.AddDays(1), again.LastSeenAt);
        Assert.Equal("score 0.80", again.Evidence);
        Assert.Equal(0.80f, again.Score);
        Assert.Equal("m@2", again.ModelVersion);
        Assert.NotEqual(first.Id, otherKind.Id);
        Assert.NotEqual(first.Id, otherMeter.Id);
        Assert.Equal(3, store.List(new AlertQuery()).Count);
    }

    [Fact]
    public void After_acknowledgement_a_repeat_folds_during_the_quiet_period_and_is_new_after_it()
    {
        using var store = Open(quiet: TimeSpan.FromDays(7));
        var first = store.Raise(Finding("E1", AlertKind.ReverseEnergy, T0, "export +1.2 kWh"));
        Assert.True(store.Acknowledge(first.Id, "tech-anna", T0.AddHours(5)));

        // 6 days 23 h after the acknowledgement: still quiet, folded into the acknowledged alert, which stays acknowledged.
        var quiet = store.Raise(Finding("E1", AlertKind.ReverseEnergy, T0.AddHours(5).AddDays(7).AddHours(-1), "export +2.0 kWh"));
        Assert.Equal(first.Id, quiet.Id);
        Assert.Equal(2, quiet.Occurrences);
        Assert.False(quiet.IsOpen);
        Assert.Equal("tech-anna", quiet.AcknowledgedBy);

        // 7 days 1 h after the acknowledgement: a new, open alert.
        var late = store.Raise(Finding("E1", AlertKind.ReverseEnergy, T0.AddHours(5).AddDays(7).AddHours(1), "export +3.1 kWh"));
        Assert.NotEqual(first.Id, late.Id);
        Assert.Equal(1, late.Occurrences);
        Assert.True(late.IsOpen);

        // The open one now takes the repeats, not the old acknowledged one.
        var next = store.Raise(Finding("E1", AlertKind.ReverseEnergy, T0.AddDays(9), "export +3.5 kWh"));
        Assert.Equal(late.Id, next.Id);
    }

    [Fact]
    public void With_no_quiet_period_a_repeat_after_acknowledgement_is_a_new_alert()
    {
        using var store = Open(quiet: TimeSpan.Zero);
        var first = store.Raise(Finding("E1", AlertKind.TamperBurst, T0, "3 events"));
        store.Acknowledge(first.Id, "tech", T0.AddMinutes(1));

        var again = store.Raise(Finding("E1", AlertKind.TamperBurst, T0.AddMinutes(2), "3 events"));

        Assert.NotEqual(first.Id, again.Id);
    }

    [Fact]
    public void Acknowledge_is_idempotent_keeps_the_first_and_is_durable()
    {
        long id;
        using (var store = Open())
        {
            id = store.Raise(Finding("E1", AlertKind.ZeroWithVoltage, T0, "0 kWh for 5 days at 230 V")).Id;
            Assert.True(store.Acknowledge(id, "tech-anna", T0.AddHours(1)));
            Assert.False(store.Acknowledge(id, "tech-bob", T0.AddHours(2)));
            Assert.False(store.Acknowledge(id + 100, "tech-bob", T0.AddHours(2)));
        }

        using var reopened = Open();
        var back = reopened.Get(id)!;
        Assert.Equal("tech-anna", back.AcknowledgedBy);
        Assert.Equal(T0.AddHours(1), back.AcknowledgedAt);
        Assert.False(reopened.Acknowledge(id, "tech-carl", T0.AddHours(3)));
        Assert.Equal(0, reopened.CountOpen());
    }

    [Fact]
    public void List_filters_and_orders_newest_first()
    {
        using var store = Open();
        var a = store.Raise(Finding("E1", AlertKind.ModelScore, T0, "a", 0.9f, "m@1"));
        var b = store.Raise(Finding("E2", AlertKind.ModelScore, T0.AddDays(1), "b", 0.8f, "m@1"));
        var c = store.Raise(Finding("E1", AlertKind.TamperBurst, T0.AddDays(2), "c"));
        var d = store.Raise(Finding("E3", AlertKind.PowerFailureBurst, T0.AddDays(3), "d"));
        store.Acknowledge(d.Id, "tech", T0.AddDays(3).AddHours(1));
        a = store.Raise(Finding("E1", AlertKind.ModelScore, T0.AddDays(4), "a2", 0.95f, "m@1")); // a repeat makes it the newest

        static long[] Ids(IEnumerable<Alert> alerts) => [.. alerts.Select(x => x.Id)];

        Assert.Equal(Ids([a, d, c, b]), Ids(store.List(new AlertQuery())));
        Assert.Equal(Ids([a, c, b]), Ids(store.List(new AlertQuery { OpenOnly = true })));
        Assert.Equal(Ids([a, c]), Ids(store.List(new AlertQuery { MeterId = "E1" })));
        Assert.Equal(Ids([a, b]), Ids(store.List(new AlertQuery { Kind = AlertKind.ModelScore })));
        Assert.Equal(Ids([a, d, c]), Ids(store.List(new AlertQuery { Since = T0.AddDays(2) })));
        Assert.Equal(Ids([a, d]), Ids(store.List(new AlertQuery { Limit = 2 })));
        Assert.Empty(store.List(new AlertQuery { MeterId = "E2", Kind = AlertKind.TamperBurst }));
        Assert.Equal(3, store.CountOpen());
    }

    [Fact]
    public void AlertRaised_fires_after_the_commit_with_new_or_repeat()
    {
        using var store = Open();
        using var observer = Open(); // a second connection sees only committed data
        var seen = new List<(long Id, bool IsNew, bool VisibleElsewhere)>();
        store.AlertRaised += (_, e) => seen.Add((e.Alert.Id, e.IsNew, observer.Get(e.Alert.Id)?.Occurrences == e.Alert.Occurrences));

        var first = store.Raise(Finding("E1", AlertKind.TamperBurst, T0, "3 events"));
        store.Raise(Finding("E1", AlertKind.TamperBurst, T0.AddHours(1), "5 events"));

        Assert.Equal([(first.Id, true, true), (first.Id, false, true)], seen);
    }

    [Fact]
    public void Shares_the_database_file_with_the_reading_store()
    {
        using var readings = ReadingStore.Open(new ReadingStoreOptions { DatabasePath = DatabasePath });
        using var alerts = Open();
        readings.Append([new MeterReading { MeterId = "E1", Protocol = MeterProtocol.DsmrP1, GatewayTime = T0, Energy = new EnergyRegisters { ImportTotalWh = 5 } }]);
        alerts.Raise(Finding("E1", AlertKind.TamperBurst, T0, "3 events"));

        Assert.Single(readings.Read("E1", T0, T0.AddHours(1)));
        Assert.Single(alerts.List(new AlertQuery()));
        Assert.Equal("ok", alerts.IntegrityCheck());
        Assert.Equal("wal", readings.JournalMode());
    }

    [Fact]
    public void Bad_findings_are_refused_before_anything_is_stored()
    {
        using var store = Open();
        Assert.Throws<ArgumentException>(() => store.Raise(Finding("E1", AlertKind.ModelScore, T0, "x", float.NaN, "m@1")));
        Assert.Throws<ArgumentException>(() => store.Raise(Finding("E1", AlertKind.TamperBurst, T0, " ")));
        Assert.Throws<ArgumentException>(() => store.Raise(Finding("", AlertKind.TamperBurst, T0, "x")));
        Assert.Empty(store.List(new AlertQuery()));
    }

    [Fact]
    public void A_file_with_another_alert_schema_version_is_refused_naming_the_file()
    {
        using (var store = Open())
        {
        }

        using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE alert_schema_version SET version = 9";
            command.ExecuteNonQuery();
        }

        var error = Assert.Throws<InvalidDataException>(() => Open());
        Assert.Contains(DatabasePath, error.Message, StringComparison.Ordinal);
        Assert.Contains("version 9", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
