namespace Edge.Runtime.Config;

/// <summary>A GPIO output line (LED, relay).</summary>
public sealed record GpioOutputConfig
{
    /// <summary>GPIO chip number (/dev/gpiochipN).</summary>
    public int GpioChip { get; set; }

    /// <summary>Line offset on the chip (the BCM number on a Raspberry Pi).</summary>
    public int? Line { get; set; }

    /// <summary>True when driving the line high switches the LED or relay on.</summary>
    public bool ActiveHigh { get; set; } = true;

    public void Validate(ConfigProblems problems, string path)
    {
        ArgumentNullException.ThrowIfNull(problems);
        problems.InRange(GpioChip, 0, 63, ConfigProblems.Key(path, "gpioChip"));
        if (Line is { } line)
        {
            problems.InRange(line, 0, 1023, ConfigProblems.Key(path, "line"));
        }
        else
        {
            problems.Add(ConfigProblems.Key(path, "line"), "is required (the GPIO line offset)");
        }
    }
}
