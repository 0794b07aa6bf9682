using Edge.Engine.Tensors;
using Edge.ModelContract.Features;
using Edge.Runtime.Alerts;
using Edge.Runtime.Daily;
using Edge.Runtime.Health;
using Edge.Runtime.Scoring;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Runtime.Tests.Scoring;

public sealed class MeterScoringTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly LastDay = new(2026, 11, 23);

    private readonly string _dir = Directory.CreateTempSubdirectory("edge-scoring-").FullName;
    private readonly AlertStore _alerts;
    private readonly FaultBoard _faults = new(new FakeTimeProvider(Now));
    private readonly RecordingModelProvider _provider = new();
    private readonly ScoringModels _models = new();
    private readonly MeterScoring _scoring;

    public MeterScoringTests()
    {
        _alerts = AlertStore.Open(new AlertStoreOptions { DatabasePath = Path.Combine(_dir, "gateway.db") });
        _scoring = new MeterScoring(_alerts, _faults, new ScoringOptions { MinimumKnownFraction = 0.5, RecentDays = 7 });
    }

    private static DailySeries Series(string meter, Func<int, float> kwh, int days = ScoringModels.WindowDays) =>
        new(meter, LastDay.AddDays(1 - days), [.. Enumerable.Range(0, days).Select(kwh)], []);

    // 49 days at 10 kWh then 7 days at 4 kWh (a drop, as after a bypass); days 3 and 50 missing.
    private static DailySeries Dropping(string meter) =>
        Series(meter, d => d is 3 or 50 ? float.NaN : d < 49 ? 10f : 4f);

    private static DailySeries Wavy(string meter, int phase) =>
        Series(meter, d => 8f + (3f * MathF.Sin((d + phase) * 0.9f)));

    /// <summary>The Trainer engine's forward pass on the features the shared pipeline makes from the series.</summary>
    private float EngineScore(DailySeries series)
    {
        var spec = _models.Made.Spec;
        var features = new float[spec.FeatureLength];
        FeaturePipeline.Transform(spec, series.Kwh, features);
        return _models.Made.Network.Predict(new Tensor(_models.Made.InputShape.WithBatch(1), features), 1).ReadOnlySpan[0];
    }

    private ModelRunReport Run(ScoringModel? model, params DailySeries[] series)
    {
        _provider.Active = model;
        return _scoring.Run(_provider, model, series, Now);
    }

    [Fact]
    public void Each_meters_score_equals_the_engines_forward_pass_on_the_bundles_features()
    {
        DailySeries[] meters = [Dropping("E1"), Wavy("E2", 0), Wavy("E3", 5), Series("E4", d => d % 7 == 6 ? 20f : 6f)];

        var report = Run(_models.Good(threshold: 1.5f), meters);

        Assert.Null(report.Failure);
        Assert.Equal("gateway-theft@3", report.ModelLabel);
        foreach (var series in meters)
        {
            var score = report.Meters.Single(m => m.MeterId == series.MeterId).Score!.Value;
            var engine = EngineScore(series);
            Assert.InRange(score, engine - 1e-5f, engine + 1e-5f);
        }

        Assert.Equal([("gateway-theft@3", new ModelRunOutcome(4, 0, null))], _provider.Outcomes);
        Assert.Empty(_alerts.List(new AlertQuery()));
    }

    [Fact]
    public void A_score_at_or_above_the_threshold_raises_a_model_alert_with_its_evidence()
    {
        var high = Dropping("E1");
        var low = Wavy("E2", 0);
        var (highScore, lowScore) = (EngineScore(high), EngineScore(low));
        if (highScore < lowScore)
        {
            (high, low, highScore, lowScore) = (low, high, lowScore, highScore);
        }

        Assert.True(highScore - lowScore > 1e-3f, $"the two series must score apart: {highScore} vs {lowScore}");
        var threshold = (highScore + lowScore) / 2;

        var report = Run(_models.Good(threshold), high, low);

        var alert = Assert.Single(_alerts.List(new AlertQuery()));
        Assert.Equal(1, report.AlertsRaised);
        Assert.Equal(high.MeterId, alert.MeterId);
        Assert.Equal(AlertKind.ModelScore, alert.Kind);
        Assert.Equal("gateway-theft@3", alert.ModelVersion);
        Assert.InRange(alert.Score!.Value, highScore - 1e-5f, highScore + 1e-5f);
        Assert.StartsWith($"score {alert.Score.Value:F3} >= threshold {threshold:F3} (gateway-theft@3); window 2026-09-29..2026-11-23, 56 days, ", alert.Evidence, StringComparison.Ordinal);
        var expectedTail = high.MeterId == "E1"
            ? "2 missing; mean 4.00 kWh/day over the last 7 days vs 10.00 kWh/day over the 49 days before"
            : "0 missing; ";
        Assert.Contains(expectedTail, alert.Evidence, StringComparison.Ordinal);
        Assert.Equal([("gateway-theft@3", new ModelRunOutcome(2, 1, null))], _provider.Outcomes);

        // A score exactly at the threshold alerts too (>=).
        var atThreshold = Run(_models.Good(threshold: report.Meters.Single(m => m.MeterId == low.MeterId).Score!.Value), low);
        Assert.Equal(1, atThreshold.AlertsRaised);
    }

    [Fact]
    public void Meters_with_too_few_known_days_get_no_score_and_say_why()
    {
        // 28 of 56 days is half the window: enough. 27 is not.
        var enough = Series("E1", d => d < 28 ? float.NaN : 5f + (d % 3));
        var tooFew = Series("E2", d => d < 29 ? float.NaN : 5f + (d % 3));
        var young = Series("E3", d => 5f, days: 20);

        var report = Run(_models.Good(threshold: 1.5f), enough, tooFew, young);

        Assert.NotNull(report.Meters.Single(m => m.MeterId == "E1").Score);
        Assert.Equal(new MeterScore("E2", null, "only 27 of 56 days known, needs 28"), report.Meters.Single(m => m.MeterId == "E2"));
        Assert.Equal(new MeterScore("E3", null, "only 20 of 56 days known, needs 28"), report.Meters.Single(m => m.MeterId == "E3"));
        Assert.Equal(1, report.MetersScored);
    }

    [Fact]
    public void A_model_returning_NaN_raises_nothing_reports_the_fault_and_a_later_good_run_clears_it()
    {
        var failed = Run(_models.NaNScoring(), Dropping("E1"), Wavy("E2", 0));

        Assert.StartsWith("non-finite score NaN for meter E1", failed.Failure, StringComparison.Ordinal);
        Assert.All(failed.Meters, m => Assert.Equal(new MeterScore(m.MeterId, null, "model failed"), m));
        Assert.Empty(_alerts.List(new AlertQuery()));
        var fault = Assert.Single(_faults.Snapshot());
        Assert.Equal(("model", "gateway-theft@4: " + failed.Failure), (fault.Component, fault.Message));
        Assert.Equal([("gateway-theft@4", new ModelRunOutcome(0, 0, failed.Failure))], _provider.Outcomes);

        var recovered = Run(_models.Good(threshold: 0f), Dropping("E1"), Wavy("E2", 0));

        Assert.Null(recovered.Failure);
        Assert.False(_faults.Has(MeterScoring.FaultComponent));
        Assert.Equal(2, recovered.AlertsRaised);
        Assert.Equal(("gateway-theft@3", new ModelRunOutcome(2, 2, null)), _provider.Outcomes[^1]);
    }

    [Fact]
    public void A_model_that_throws_raises_nothing_and_reports_the_exception()
    {
        var failed = Run(_models.Throwing(), Dropping("E1"));

        Assert.StartsWith("the model threw ArgumentException: ", failed.Failure, StringComparison.Ordinal);
        Assert.True(_faults.Has(MeterScoring.FaultComponent));
        Assert.Equal([("gateway-theft@5", new ModelRunOutcome(0, 0, failed.Failure))], _provider.Outcomes);
        Assert.Empty(_alerts.List(new AlertQuery()));
    }

    [Fact]
    public void Without_a_model_every_meter_says_so_and_nothing_is_reported()
    {
        var report = Run(null, Dropping("E1"));

        Assert.Null(report.ModelLabel);
        Assert.Equal([new MeterScore("E1", null, "no model installed")], report.Meters);
        Assert.Empty(_provider.Outcomes);
    }

    public void Dispose()
    {
        _alerts.Dispose();
        _models.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
