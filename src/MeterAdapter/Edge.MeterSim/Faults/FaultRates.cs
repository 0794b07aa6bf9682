using System.Globalization;

namespace Edge.MeterSim.Faults;

/// <summary>
/// Probabilities per frame of each fault, plus the size of unplugs and clock jumps. Parsed from the command line as
/// <c>bitflip=0.01,drop=0.01,truncate=0.005,garbage=0.02,unplug=0.001,unplug-seconds=10,clockjump=0.001,clockjump-seconds=3600</c>.
/// </summary>
public sealed record FaultRates
{
    /// <summary>One bit of one byte inside the frame body inverted (line noise).</summary>
    public double BitFlip { get; init; }

    /// <summary>One byte inside the frame body lost (UART overrun).</summary>
    public double DroppedByte { get; init; }

    /// <summary>The frame cut off part-way (meter reset, partial transmission).</summary>
    public double Truncation { get; init; }

    /// <summary>Random bytes sent before the frame (noise on an idle line, a plugged-in adapter's junk).</summary>
    public double Garbage { get; init; }

    /// <summary>The cable is pulled: nothing is sent for <see cref="UnplugDuration"/>.</summary>
    public double Unplug { get; init; }

    public TimeSpan UnplugDuration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The meter clock jumps by ± <see cref="ClockJumpSize"/>.</summary>
    public double ClockJump { get; init; }

    public TimeSpan ClockJumpSize { get; init; } = TimeSpan.FromHours(1);

    public static FaultRates None { get; } = new();

    public bool Any => BitFlip > 0 || DroppedByte > 0 || Truncation > 0 || Garbage > 0 || Unplug > 0 || ClockJump > 0;

    public static FaultRates Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var rates = new FaultRates();
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int equals = part.IndexOf('=', StringComparison.Ordinal);
            string name = equals < 0 ? part : part[..equals];
            string valueText = equals < 0 ? string.Empty : part[(equals + 1)..];
            if (!double.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value) || value < 0)
            {
                throw new FormatException($"--faults: '{part}' needs a number >= 0 after '=' (e.g. bitflip=0.01).");
            }

            bool isRate = name is not ("unplug-seconds" or "clockjump-seconds");
            if (isRate && value > 1)
            {
                throw new FormatException($"--faults: '{part}' is a probability per frame and must lie in [0, 1].");
            }

            rates = name switch
            {
                "bitflip" => rates with { BitFlip = value },
                "drop" => rates with { DroppedByte = value },
                "truncate" => rates with { Truncation = value },
                "garbage" => rates with { Garbage = value },
                "unplug" => rates with { Unplug = value },
                "unplug-seconds" => rates with { UnplugDuration = TimeSpan.FromSeconds(value) },
                "clockjump" => rates with { ClockJump = value },
                "clockjump-seconds" => rates with { ClockJumpSize = TimeSpan.FromSeconds(value) },
                _ => throw new FormatException(
                    $"--faults: unknown fault '{name}'; known: bitflip, drop, truncate, garbage, unplug, unplug-seconds, clockjump, clockjump-seconds."),
            };
        }

        if (rates.BitFlip + rates.DroppedByte + rates.Truncation > 1)
        {
            throw new FormatException("--faults: bitflip + drop + truncate must not exceed 1 (at most one corruption per frame).");
        }

        return rates;
    }
}
