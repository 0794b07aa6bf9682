using System.Text.Json.Serialization;

namespace Edge.ModelContract.Features;

/// <summary>
/// The per-day values a feature vector carries (feature spec version 2). Channels are interleaved per day, channel
/// innermost (Keras's channels-last): day d, channel c is element d * channelCount + c, channels in the order of this
/// enum. <see cref="Kwh"/> alone is version 1's single-valued vector, unchanged.
/// </summary>
[Flags]
[JsonConverter(typeof(JsonStringEnumConverter<FeatureChannels>))]
public enum FeatureChannels
{
    /// <summary>The cleaned and scaled consumption; always present.</summary>
    [JsonStringEnumMemberName("kwh")]
    Kwh = 1,

    /// <summary>
    /// 1 where the raw day was missing (what the cleaning policy repairs, and the window's padding), else 0. Cleaning
    /// turns a block of missing days into zeros that look like a bypassed meter; this keeps the two apart.
    /// </summary>
    [JsonStringEnumMemberName("missing-day")]
    MissingDay = 2,

    /// <summary>1 where a reading is present and exactly 0 kWh, else 0: a bypass reads 0, an empty home a little.</summary>
    [JsonStringEnumMemberName("zero-reading")]
    ZeroReading = 4,

    /// <summary>
    /// The kwh channel minus its value 364 days (52 whole weeks, same weekday) earlier, in [-1, 1] when scaled; 0 where
    /// either day was missing or lies before the window. Exposes a change of the customer's own yearly shape (a
    /// reversed or rescaled block) locally, where a small convolution sees it.
    /// </summary>
    [JsonStringEnumMemberName("year-over-year")]
    YearOverYear = 8,

    /// <summary>
    /// |kwh[d] - kwh[d - 1]|, 0 where either day was missing or for the window's first day. A block billed at a
    /// constant (Jokar's h5) has none; a household never reads the same two days running.
    /// </summary>
    [JsonStringEnumMemberName("day-change")]
    DayChange = 16,
}
