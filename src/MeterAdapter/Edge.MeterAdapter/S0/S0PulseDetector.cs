using Edge.MeterAdapter.Readings;

namespace Edge.MeterAdapter.S0;

/// <summary>
/// Turns timestamped level changes of one pulse line into counted impulses. Counts one edge per impulse — the leading
/// edge of an active stretch whose width lies in [MinPulseWidth, MaxPulseWidth] — and merges stretches separated by
/// less than MinGap (bounce). The verdict on a stretch is reached when it ends, so a line stuck active never counts.
/// Not thread-safe; <see cref="S0PulseInput"/> serialises GPIO callbacks into it.
/// </summary>
public sealed class S0PulseDetector
{
    private readonly S0Options _options;
    private bool _active;
    private DateTimeOffset _since;
    private bool _sinceKnown;
    private bool _inPulse;
    private long _pulses;
    private DateTimeOffset? _lastPulseStart;
    private DateTimeOffset? _previousPulseStart;

    /// <param name="initiallyActive">Line level when counting starts; a pulse already under way is not counted.</param>
    public S0PulseDetector(S0Options options, bool initiallyActive, DateTimeOffset start)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _active = initiallyActive;
        _since = start;
        _sinceKnown = !initiallyActive;
        _inPulse = initiallyActive;
    }

    public RejectTally<S0RejectReason> Rejects { get; } = new();

    /// <summary>Impulses counted since start.</summary>
    public long Pulses => _pulses;

    /// <summary>
    /// Energy in whole Wh: InitialEnergyWh + floor(pulses × 1000 / imp/kWh). Computed from the integer pulse total each
    /// time, so the fractional Wh of constants such as 800 imp/kWh (1.25 Wh each) is carried, never lost or accumulated.
    /// </summary>
    public long EnergyWh => _options.InitialEnergyWh + (_pulses * 1000 / _options.ImpulsesPerKwh);

    /// <summary>Records that the line changed to <paramref name="active"/> at <paramref name="at"/>.</summary>
    public void OnLevelChanged(bool active, DateTimeOffset at)
    {
        if (active == _active)
        {
            Rejects.Add(S0RejectReason.RepeatedEdge);
            return;
        }

        var duration = at - _since;
        if (_active)
        {
            EndActiveStretch(duration);
        }
        else if (duration >= _options.MinGap)
        {
            _inPulse = false;
        }
        else if (_inPulse)
        {
            Rejects.Add(S0RejectReason.GapTooShort);
        }

        _active = active;
        _since = at;
        _sinceKnown = true;
    }

    private void EndActiveStretch(TimeSpan width)
    {
        if (!_sinceKnown)
        {
            return;
        }

        if (width > _options.MaxPulseWidth)
        {
            Rejects.Add(S0RejectReason.PulseTooLong);
        }
        else if (width < _options.MinPulseWidth)
        {
            Rejects.Add(S0RejectReason.PulseTooShort);
        }
        else if (!_inPulse)
        {
            _inPulse = true;
            _pulses++;
            _previousPulseStart = _lastPulseStart;
            _lastPulseStart = _since;
        }
    }

    /// <summary>Stuck-active is a fault while it lasts: the line has been active longer than any pulse may be.</summary>
    public S0LineFault FaultAt(DateTimeOffset now) =>
        _active && now - _since > _options.MaxPulseWidth ? S0LineFault.StuckActive : S0LineFault.None;

    /// <summary>
    /// Power from the period between the last two pulses, P = 3.6e6 / (imp/kWh × Δt[s]) W. When the time since the last
    /// pulse already exceeds that period the load must have dropped, so the bound from the open interval is used:
    /// the figure decays toward zero instead of freezing at the last value. Null before two pulses or while stuck.
    /// </summary>
    public double? PowerWAt(DateTimeOffset now)
    {
        if (_lastPulseStart is not { } last || _previousPulseStart is not { } previous || FaultAt(now) != S0LineFault.None)
        {
            return null;
        }

        var period = last - previous;
        var open = now - last;
        var effective = open > period ? open : period;
        return 3.6e6 / (_options.ImpulsesPerKwh * effective.TotalSeconds);
    }
}
