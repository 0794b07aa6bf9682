using Edge.ModelContract.Features;

namespace Edge.ModelContract.Tests.Features;

public class FeatureSpecJsonTests
{
    [Fact]
    public void Round_trip_preserves_every_field()
    {
        var spec = new FeatureSpec
        {
            Cleaning = CleaningPolicy.Zheng2018,
            Scaling = Scaling.GlobalMinMax,
            Layout = FeatureLayout.Weeks,
            WindowDays = 1035,
            GlobalMin = 0,
            GlobalMax = 123.25f,
        };
        var json = FeatureSpecJson.Serialize(spec);
        Assert.Equal(spec, FeatureSpecJson.Deserialize(json));
    }

    [Fact]
    public void Enums_are_written_with_their_documented_names()
    {
        var json = FeatureSpecJson.Serialize(new FeatureSpec { WindowDays = 28 });
        Assert.Contains("\"cleaning\": \"zheng2018\"", json, StringComparison.Ordinal);
        Assert.Contains("\"scaling\": \"per-customer-min-max\"", json, StringComparison.Ordinal);
        Assert.Contains("\"layout\": \"weeks\"", json, StringComparison.Ordinal);
        Assert.Contains("\"windowDays\": 28", json, StringComparison.Ordinal);
        Assert.DoesNotContain("globalMin", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Parses_a_hand_written_version_1_seed_spec_as_the_kwh_channel_alone()
    {
        // Written before channels existed (version 1): it still loads and means one value per day.
        const string json = """{ "version": 1, "cleaning": "seed", "scaling": "none", "layout": "days", "windowDays": 1034 }""";
        var spec = FeatureSpecJson.Deserialize(json);
        Assert.Equal(FeatureSpec.Seed(1034) with { Version = 1 }, spec);
        Assert.Equal(FeatureChannels.Kwh, spec.Channels);
        Assert.Equal(1034, spec.FeatureLength);
    }

    [Fact]
    public void Channels_are_written_by_name_and_read_back()
    {
        var spec = new FeatureSpec { WindowDays = 28, Channels = FeatureChannels.Kwh | FeatureChannels.MissingDay | FeatureChannels.DayChange };
        var json = FeatureSpecJson.Serialize(spec);
        Assert.Contains("\"version\": 2", json, StringComparison.Ordinal);
        Assert.Contains("\"channels\": \"kwh, missing-day, day-change\"", json, StringComparison.Ordinal);
        Assert.Equal(spec, FeatureSpecJson.Deserialize(json));
    }

    [Theory]
    [InlineData("""{ "version": 3, "windowDays": 7 }""", "version 3")]
    [InlineData("""{ "version": 0, "windowDays": 7 }""", "version 0")]
    [InlineData("""{ "version": 1, "windowDays": 7, "channels": "kwh, missing-day" }""", "needs version 2")]
    [InlineData("""{ "version": 2, "windowDays": 7, "channels": "missing-day" }""", "must include kwh")]
    [InlineData("""{ "version": 2, "windowDays": 7, "channels": 64 }""", "must include kwh")]
    [InlineData("""{ "version": 2, "windowDays": 7, "channels": "kwh, weather" }""", "not valid JSON")]
    [InlineData("""{ "version": 1, "windowDays": 0 }""", "windowDays")]
    [InlineData("""{ "version": 1, "windowDays": 7, "scaling": "global-min-max" }""", "globalMin")]
    [InlineData("""{ "version": 1, "windowDays": 7, "globalMin": 1, "globalMax": 2 }""", "globalMin")]
    [InlineData("""{ "version": 1, "windowDays": 7, "cleaning": "median" }""", "not valid JSON")]
    [InlineData("""{ "version": 1, "windowDays": 7, "extra": 1 }""", "not valid JSON")]
    public void Rejects_invalid_specs_with_a_reason(string json, string reason)
    {
        var e = Assert.Throws<FormatException>(() => FeatureSpecJson.Deserialize(json));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }
}
