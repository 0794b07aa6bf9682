using System.Text.Json.Serialization;

namespace Edge.Trainer.Synthetic;

/// <summary>
/// Theft attacks of Jokar, Arianpoo and Leung, "Electricity Theft Detection in AMI Using Customers' Consumption
/// Patterns", IEEE Trans. Smart Grid 7(1), 2016 (h1..h6), plus the peak-capping and constant-subtraction
/// false-data injections used by later work (e.g. Qi et al., IEEE TIM 2022). Jokar defines them on the hours of one
/// day; here t runs over the days of an attack block, the unit of the SGCC data.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<AttackFamily>))]
public enum AttackFamily
{
    /// <summary>h1: x_t * alpha, one alpha ~ U(0.1, 0.8) for the whole block.</summary>
    [JsonStringEnumMemberName("h1-scaled")]
    Scaled,

    /// <summary>h2: x_t = 0 over the block (meter bypassed or switched off for an interval of days).</summary>
    [JsonStringEnumMemberName("h2-zeroed")]
    Zeroed,

    /// <summary>h3: x_t * gamma_t, gamma_t ~ U(0.1, 0.8) drawn for every day.</summary>
    [JsonStringEnumMemberName("h3-daily-factor")]
    DailyFactor,

    /// <summary>h4: gamma_t * mean(x), gamma_t ~ U(0.1, 0.8) for every day, mean over the block's true values.</summary>
    [JsonStringEnumMemberName("h4-factor-of-mean")]
    FactorOfMean,

    /// <summary>h5: mean(x) every day. Bills the same energy; Jokar's target is time-of-use pricing.</summary>
    [JsonStringEnumMemberName("h5-mean")]
    Mean,

    /// <summary>h6: x_{T+1-t}, the block in reverse order. Bills the same energy.</summary>
    [JsonStringEnumMemberName("h6-reversed")]
    Reversed,

    /// <summary>min(x_t, cap), cap = U(0.3, 1.0) * mean(x) (peak clipping).</summary>
    [JsonStringEnumMemberName("capped")]
    Capped,

    /// <summary>max(x_t - c, 0), c = U(0.2, 0.8) * mean(x) (constant subtraction).</summary>
    [JsonStringEnumMemberName("subtracted")]
    Subtracted,
}
