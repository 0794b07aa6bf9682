using System.Text.Json.Nodes;
using Edge.Runtime.Models;
using Edge.Runtime.Tests.Support;

namespace Edge.Runtime.Tests.Models;

/// <summary>
/// Anti-rollback per model id (docs/model-delivery.md): the manifest's modelId names a model line with its own release
/// numbers (docs/bundle-format.md), so a version must exceed the highest one activated of the same id, kept in
/// state.json across restarts.
/// </summary>
public sealed class PerModelAntiRollbackTests : IDisposable
{
    private const string Lstm = "gateway-theft-lstm";

    private readonly ModelDeliveryFixture _fixture = new();

    private byte[] Line(string modelId, long version, ulong seed = 2) => TestBundles.Gateway(_fixture.Key, version, seed: seed, modelId: modelId).Bytes;

    [Fact]
    public async Task A_downgrade_of_the_same_model_id_is_refused_before_and_after_a_restart_and_a_new_line_starts_afresh()
    {
        using (var installer = _fixture.Open())
        {
            Assert.True((await ModelDeliveryFixture.Install(installer, _fixture.Bundle(5))).Activated);
            var down = await ModelDeliveryFixture.Install(installer, _fixture.Bundle(4));
            Assert.Equal((false, ModelRejection.NotNewer), (down.Activated, down.Reason));
            Assert.Equal("version 4 is below 5, the highest version of gateway-theft this gateway has activated; only a newer version can be installed", down.Message);

            // Another model line: its numbers are its own, so version 1 is new.
            var lstm = await ModelDeliveryFixture.Install(installer, Line(Lstm, 1));
            Assert.True(lstm.Activated, lstm.Message);
        }

        var saved = ModelStateFile.Load(_fixture.StatePath);
        Assert.Equal(new Dictionary<string, long> { ["gateway-theft"] = 5, [Lstm] = 1 }, saved.HighestVersions);
        Assert.Equal(5, saved.HighestVersion);

        using var restarted = _fixture.Open();
        ModelDeliveryFixture.AssertScoresWith(restarted, Lstm + "@1");
        // Same versions with other bytes (another training seed): equal is refused, per line.
        var sameLstm = await ModelDeliveryFixture.Install(restarted, Line(Lstm, 1, seed: 3));
        var sameTheft = await ModelDeliveryFixture.Install(restarted, _fixture.Bundle(5, seed: 3));
        var olderTheft = await ModelDeliveryFixture.Install(restarted, _fixture.Bundle(3));
        Assert.Equal(
            [(false, ModelRejection.NotNewer), (false, ModelRejection.NotNewer), (false, ModelRejection.NotNewer)],
            new[] { sameLstm, sameTheft, olderTheft }.Select(o => (o.Activated, o.Reason)).ToArray());
        Assert.Contains($"equal to 1, the highest version of {Lstm}", sameLstm.Message, StringComparison.Ordinal);

        var newer = await ModelDeliveryFixture.Install(restarted, _fixture.Bundle(6));
        Assert.True(newer.Activated, newer.Message);
        Assert.Equal(new Dictionary<string, long> { ["gateway-theft"] = 6, [Lstm] = 1 }, restarted.Status.HighestVersions);
    }

    [Fact]
    public async Task A_state_file_from_before_per_id_versions_keeps_refusing_the_lines_it_names()
    {
        using (var installer = _fixture.Open())
        {
            await ModelDeliveryFixture.Install(installer, _fixture.Bundle(1));
            await ModelDeliveryFixture.Install(installer, _fixture.Bundle(2));
        }

        // What the previous runtime wrote: only the overall highest version.
        var json = JsonNode.Parse(File.ReadAllText(_fixture.StatePath))!.AsObject();
        Assert.True(json.Remove("highestVersions"));
        File.WriteAllText(_fixture.StatePath, json.ToJsonString());

        using var restarted = _fixture.Open();
        Assert.Equal(new Dictionary<string, long> { ["gateway-theft"] = 2 }, restarted.Status.HighestVersions);
        var replay = await ModelDeliveryFixture.Install(restarted, _fixture.Bundle(2, seed: 3));
        Assert.Equal(ModelRejection.NotNewer, replay.Reason);
        var lstm = await ModelDeliveryFixture.Install(restarted, Line(Lstm, 1));
        Assert.True(lstm.Activated, lstm.Message);
    }

    public void Dispose() => _fixture.Dispose();
}
