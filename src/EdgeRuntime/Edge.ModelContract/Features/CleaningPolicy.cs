using System.Text.Json.Serialization;

namespace Edge.ModelContract.Features;

/// <summary>How missing and implausible daily readings are repaired before scaling. See docs/data.md.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CleaningPolicy>))]
public enum CleaningPolicy
{
    /// <summary>The seed notebook: <c>pd.to_numeric(errors='coerce').fillna(0)</c>; every missing day becomes 0.</summary>
    [JsonStringEnumMemberName("seed")]
    Seed,

    /// <summary>
    /// Zheng et al. 2018 (IEEE TII 14(4), data preprocessing): a lone missing day becomes the mean of its neighbours, other
    /// missing days 0; readings above the customer's mean + 2 std are capped there.
    /// </summary>
    [JsonStringEnumMemberName("zheng2018")]
    Zheng2018,
}
