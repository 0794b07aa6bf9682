using System.Text.Json.Serialization;

namespace Edge.ModelContract.Features;

/// <summary>The shape the model reads the feature vector in.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FeatureLayout>))]
public enum FeatureLayout
{
    /// <summary>One value per day, oldest first.</summary>
    [JsonStringEnumMemberName("days")]
    Days,

    /// <summary>
    /// Weeks x 7, row-major (Zheng et al. 2018's 2-D input). The window is padded at its end with missing days up to a
    /// whole number of weeks before cleaning, as HORLN's calendar fix does: 1,034 or 1,035 days become 148 x 7.
    /// </summary>
    [JsonStringEnumMemberName("weeks")]
    Weeks,
}
