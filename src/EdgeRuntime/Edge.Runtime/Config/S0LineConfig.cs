namespace Edge.Runtime.Config;

/// <summary>The GPIO line an S0 output or metrology-LED sensor is wired to: <c>meters[i].s0</c>.</summary>
public sealed record S0LineConfig
{
    /// <summary>GPIO chip number (/dev/gpiochipN); 0 on a Raspberry Pi before the Pi 5.</summary>
    public int GpioChip { get; set; }

    /// <summary>Line offset on the chip (the BCM number on a Raspberry Pi).</summary>
    public int? Line { get; set; }

    /// <summary>Meter constant printed on the meter (imp/kWh).</summary>
    public int ImpulsesPerKwh { get; set; }

    /// <summary>True when an impulse drives the line high (phototransistor, or S0 wired with a pull-down).</summary>
    public bool ActiveHigh { get; set; }

    /// <summary>Register value in Wh when counting started, so the counted total matches the meter's display.</summary>
    public long InitialEnergyWh { get; set; }

    /// <summary>
    /// Id of the register meter behind the same supply: the bypass rule compares the energy the pulses count with the
    /// energy that meter's register reports.
    /// </summary>
    public string? PairedMeterId { get; set; }

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

        problems.Check(
            ImpulsesPerKwh > 0,
            ConfigProblems.Key(path, "impulsesPerKwh"),
            $"{ImpulsesPerKwh}: the meter constant printed on the meter (imp/kWh) is required and must be positive");
        problems.Check(InitialEnergyWh >= 0, ConfigProblems.Key(path, "initialEnergyWh"), $"{InitialEnergyWh} must not be negative");
    }
}
