using System.Text.Json.Serialization;

namespace Edge.ModelContract.Features;

/// <summary>How cleaned kWh values are mapped to the model's input range.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Scaling>))]
public enum Scaling
{
    /// <summary>Raw kWh, as the seed notebook feeds them.</summary>
    [JsonStringEnumMemberName("none")]
    None,

    /// <summary>(x - min) / (max - min) over the customer's own window (Zheng et al. 2018); no fitted statistic.</summary>
    [JsonStringEnumMemberName("per-customer-min-max")]
    PerCustomerMinMax,

    /// <summary>(x - min) / (max - min) with min and max fitted on the training split and stored in the spec.</summary>
    [JsonStringEnumMemberName("global-min-max")]
    GlobalMinMax,
}
