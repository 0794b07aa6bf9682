using Edge.Runtime.Models;
using Edge.Runtime.Scoring;

namespace Edge.Runtime.Tests.Models;

/// <summary>
/// A model that fails at run time goes back to the previous bundle: after RollbackAfterFailedRuns (3 here) failed runs
/// in a row, or one run with more than MaxAlertRate (0.5) model alerts per meter scored over at least 10 meters.
/// </summary>
public sealed class AutomaticRollbackTests : IDisposable
{
    private readonly ModelDeliveryFixture _fixture = new();
    private readonly ModelInstaller _installer;
    private readonly List<ModelDeliveryEvent> _events = [];

    public AutomaticRollbackTests()
    {
        _installer = _fixture.Open();
        Assert.True(ModelDeliveryFixture.Install(_installer, _fixture.Bundle(1)).GetAwaiter().GetResult().Activated);
        Assert.True(ModelDeliveryFixture.Install(_installer, _fixture.Bundle(2)).GetAwaiter().GetResult().Activated);
        _installer.Changed += (_, e) => _events.Add(e);
    }

    [Fact]
    public async Task Three_failed_runs_in_a_row_roll_back_and_the_bad_bundle_is_never_installed_again()
    {
        var bad = _installer.Active!;
        _installer.ReportOutcome(bad, ModelDeliveryFixture.Failed("NaN score for meter kitchen"));
        _installer.ReportOutcome(bad, ModelDeliveryFixture.Failed("NaN score for meter hall"));
        ModelDeliveryFixture.AssertScoresWith(_installer, "gateway-theft@2");

        _installer.ReportOutcome(bad, ModelDeliveryFixture.Failed("OnnxRuntimeException: bad allocation"));

        ModelDeliveryFixture.AssertScoresWith(_installer, "gateway-theft@1");
        var status = _installer.Status;
        Assert.Equal(("gateway-theft@2", "gateway-theft@1", RollbackKind.Automatic), (status.LastRollback!.From, status.LastRollback.To, status.LastRollback.Kind));
        Assert.Contains("3 scoring runs failed in a row", status.LastRollback.Reason, StringComparison.Ordinal);
        var rejected = Assert.Single(status.Rejected);
        Assert.Equal(("gateway-theft@2", ModelRejection.FailedAtRunTime), (rejected.Label, rejected.Reason));
        var fault = Assert.Single(_fixture.Faults.Snapshot());
        Assert.Equal((ModelInstaller.FaultComponent, true), (fault.Component, fault.Message.Contains("rolled back to gateway-theft@1", StringComparison.Ordinal)));
        var raised = Assert.Single(_events);
        Assert.Equal((ModelEventKind.RolledBack, "gateway-theft@2"), (raised.Kind, raised.Label));

        var again = await ModelDeliveryFixture.Install(_installer, _fixture.Bundle(2));
        Assert.Equal(ModelRejection.PreviouslyRejected, again.Reason);

        // The rejection and the rollback are in state.json, so a restart keeps them.
        _installer.Dispose();
        using var restarted = _fixture.Open();
        ModelDeliveryFixture.AssertScoresWith(restarted, "gateway-theft@1");
        Assert.Equal("gateway-theft@2", Assert.Single(restarted.Status.Rejected).Label);
        Assert.Equal(ModelRejection.PreviouslyRejected, (await ModelDeliveryFixture.Install(restarted, _fixture.Bundle(2))).Reason);
        Assert.True((await ModelDeliveryFixture.Install(restarted, _fixture.Bundle(3))).Activated);
        Assert.Empty(_fixture.Faults.Snapshot());
    }

    [Fact]
    public void A_good_run_between_failures_restarts_the_count()
    {
        var model = _installer.Active!;
        _installer.ReportOutcome(model, ModelDeliveryFixture.Failed("NaN"));
        _installer.ReportOutcome(model, ModelDeliveryFixture.Failed("NaN"));
        _installer.ReportOutcome(model, new ModelRunOutcome(MetersScored: 40, AlertsRaised: 1, Failure: null));
        _installer.ReportOutcome(model, ModelDeliveryFixture.Failed("NaN"));
        _installer.ReportOutcome(model, ModelDeliveryFixture.Failed("NaN"));

        ModelDeliveryFixture.AssertScoresWith(_installer, "gateway-theft@2");
        Assert.Empty(_events);
    }

    [Fact]
    public void Reports_about_a_model_that_is_no_longer_active_change_nothing()
    {
        var current = _installer.Active!;
        _installer.ReportOutcome(current, ModelDeliveryFixture.Failed("NaN"));
        _installer.ReportOutcome(current, ModelDeliveryFixture.Failed("NaN"));
        var stranger = current with { };

        _installer.ReportOutcome(stranger, ModelDeliveryFixture.Failed("NaN"));

        ModelDeliveryFixture.AssertScoresWith(_installer, "gateway-theft@2");
    }

    [Theory]
    // 11 alerts / 20 meters = 0.55 > 0.5: rolled back.
    [InlineData(20, 11, true)]
    // 10 / 20 = 0.5 is at the bound, not beyond it.
    [InlineData(20, 10, false)]
    // 9 / 9 = 1.0 but 9 meters are fewer than the 10 a rate needs.
    [InlineData(9, 9, false)]
    // 10 / 10 = 1.0 over exactly 10 meters.
    [InlineData(10, 10, true)]
    public void An_alert_rate_beyond_the_bound_rolls_back(int meters, int alerts, bool rolledBack)
    {
        _installer.ReportOutcome(_installer.Active!, new ModelRunOutcome(meters, alerts, Failure: null));

        ModelDeliveryFixture.AssertScoresWith(_installer, rolledBack ? "gateway-theft@1" : "gateway-theft@2");
        if (rolledBack)
        {
            Assert.Contains($"{alerts} model alerts for {meters} meters", _installer.Status.LastRollback!.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Without_a_previous_bundle_the_failing_model_is_switched_off()
    {
        _installer.Dispose();
        using var fresh = new ModelDeliveryFixture();
        using var installer = fresh.Open();
        Assert.True((await ModelDeliveryFixture.Install(installer, fresh.Bundle(1))).Activated);
        var only = installer.Active!;

        for (var i = 0; i < 3; i++)
        {
            installer.ReportOutcome(only, ModelDeliveryFixture.Failed("NaN"));
        }

        Assert.Null(installer.Active);
        Assert.Null(installer.Status.Active);
        Assert.Null(installer.Status.LastRollback!.To);
        Assert.Contains("no model is scoring", Assert.Single(fresh.Faults.Snapshot()).Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _installer.Dispose();
        _fixture.Dispose();
    }
}
