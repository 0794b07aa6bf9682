using Edge.Runtime.Models;

namespace Edge.Runtime.Tests.Models;

/// <summary>What model delivery did since start, as the page, the API and the metrics read it from ModelInstaller.Status.</summary>
public sealed class DeliveryRecordTests : IDisposable
{
    private readonly ModelDeliveryFixture _fixture = new();

    [Fact]
    public async Task Refusals_are_counted_by_reason_and_the_last_twenty_are_kept_newest_last()
    {
        using var installer = _fixture.Open();
        for (var i = 0; i < 24; i++)
        {
            await installer.InstallAsync([], $"inbox:empty-{i}.bundle", CancellationToken.None);
        }

        await installer.InstallAsync([1, 2, 3], "mqtt", CancellationToken.None);

        var status = installer.Status;
        Assert.Equal(DeliveryRecord.RecentKept, status.RecentRejections.Count);
        // 25 refusals, 20 kept: the first five (empty-0..empty-4) are gone, the byte soup from MQTT is the newest.
        Assert.Equal("inbox:empty-5.bundle", status.RecentRejections[0].Source);
        Assert.Equal(("mqtt", false), (status.RecentRejections[^1].Source, status.RecentRejections[^1].Activated));
        Assert.Equal(24, status.Counts.RejectedByReason[ModelRejection.Unreadable]);
        Assert.Equal(25, status.Counts.Rejected);
        Assert.Equal(0, status.Counts.Activated);
    }

    [Fact]
    public async Task Rollbacks_are_counted_by_kind_and_the_event_names_both_versions()
    {
        using var installer = _fixture.Open();
        var events = new List<ModelDeliveryEvent>();
        installer.Changed += (_, e) => events.Add(e);
        foreach (var version in new long[] { 1, 2, 3 })
        {
            await ModelDeliveryFixture.Install(installer, _fixture.Bundle(version));
        }

        await installer.RollbackAsync("operator test", CancellationToken.None); // 3 -> 2
        await ModelDeliveryFixture.Install(installer, _fixture.Bundle(4));
        var v4 = installer.Active!;
        for (var run = 0; run < 3; run++)
        {
            installer.ReportOutcome(v4, ModelDeliveryFixture.Failed("the model threw OnnxRuntimeException"));
        }

        var counts = installer.Status.Counts;
        Assert.Equal((4L, 1L, 1L), (counts.Activated, counts.OperatorRollbacks, counts.AutomaticRollbacks));
        var rollbacks = events.Where(e => e.Kind == ModelEventKind.RolledBack).Select(e => (e.Label, e.To, e.Reason)).ToArray();
        Assert.Equal([("gateway-theft@3", "gateway-theft@2", "Operator"), ("gateway-theft@4", "gateway-theft@2", "Automatic")], rollbacks);
    }

    public void Dispose() => _fixture.Dispose();
}
