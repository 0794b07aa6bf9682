using Edge.MeterAdapter.Readings;

namespace Edge.Runtime.Health;

/// <summary>
/// Counters and state of one meter, updated by its source and by the writer. Rejects are kept by reason in the
/// protocol's own words ("BadCrc", "Timeout"), so the metrics can label them without knowing each protocol.
/// </summary>
public sealed class MeterStatus(string meterId, string protocol)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _rejects = new(StringComparer.Ordinal);
    private string _transportState = "starting";
    private string? _detail;
    private string? _framing;
    private MeterReading? _latest;
    private long _readingsReceived;
    private long _readingsStored;

    public string MeterId { get; } = meterId;

    public string Protocol { get; } = protocol;

    /// <summary>Transport state in words ("connected", "device-missing", "silent") and an optional detail (detected framing, last error).</summary>
    public void SetTransport(string state, string? detail = null)
    {
        lock (_gate)
        {
            _transportState = state;
            _detail = detail;
        }
    }

    /// <summary>The serial framing in use and how it was chosen ("9600 7E1 detected, no CRC (DSMR 2.2/3)").</summary>
    public void SetFraming(string framing)
    {
        lock (_gate)
        {
            _framing = framing;
        }
    }

    /// <summary>A reading left the meter source for the writer.</summary>
    public void Received()
    {
        lock (_gate)
        {
            _readingsReceived++;
        }
    }

    /// <summary>
    /// A reading of this meter was committed to the store (acknowledged). The newest reading is kept for its time,
    /// current and sag/swell counters per phase; an older one arriving late does not replace it.
    /// </summary>
    public void Stored(MeterReading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        lock (_gate)
        {
            _readingsStored++;
            KeepIfNewer(reading);
        }
    }

    /// <summary>
    /// The newest reading already in the store when the daemon starts, so the page, API and metrics show the last
    /// reading and its currents after a restart instead of nothing; not counted as stored since start.
    /// </summary>
    public void Restore(MeterReading latest)
    {
        ArgumentNullException.ThrowIfNull(latest);
        lock (_gate)
        {
            KeepIfNewer(latest);
        }
    }

    private void KeepIfNewer(MeterReading reading)
    {
        if (_latest is null || reading.GatewayTime > _latest.GatewayTime)
        {
            _latest = reading;
        }
    }

    /// <summary>Replaces the reject counts with the protocol decoder's current totals (they are cumulative there).</summary>
    public void SetRejects(IEnumerable<KeyValuePair<string, long>> totals)
    {
        ArgumentNullException.ThrowIfNull(totals);
        lock (_gate)
        {
            foreach (var (reason, count) in totals)
            {
                _rejects[reason] = count;
            }
        }
    }

    /// <summary>Replaces one reason's count with the decoder's current total, as a reject happens (nothing allocated).</summary>
    public void SetRejects(string reason, long total)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        lock (_gate)
        {
            _rejects[reason] = total;
        }
    }

    public MeterStatusSnapshot Snapshot()
    {
        lock (_gate)
        {
            return new MeterStatusSnapshot(
                MeterId,
                Protocol,
                _transportState,
                _detail,
                _framing,
                _latest?.GatewayTime,
                _readingsReceived,
                _readingsStored,
                new Dictionary<string, long>(_rejects, StringComparer.Ordinal))
            {
                LastCurrentA = _latest?.Instant.CurrentA ?? [],
                LastVoltageSags = _latest?.Events.VoltageSagsByPhase ?? [],
                LastVoltageSwells = _latest?.Events.VoltageSwellsByPhase ?? [],
            };
        }
    }
}

/// <summary>One meter's status at one moment.</summary>
/// <param name="TransportState">"connected", "device-missing", "silent", "reopening", "closed", "starting" or "polling".</param>
/// <param name="Detail">The reason of the last transport state change, e.g. "opened /dev/ttyUSB0 at 115200 8N1".</param>
/// <param name="Framing">Serial framing in use and how it was chosen; null before it is known or for S0 lines.</param>
/// <param name="ReadingsReceived">Readings the source produced since start.</param>
/// <param name="ReadingsStored">Readings committed to the store since start (each one acknowledged).</param>
/// <param name="Rejects">Rejected frames or pulses since start, by reason.</param>
public sealed record MeterStatusSnapshot(
    string MeterId,
    string Protocol,
    string TransportState,
    string? Detail,
    string? Framing,
    DateTimeOffset? LastReadingAt,
    long ReadingsReceived,
    long ReadingsStored,
    IReadOnlyDictionary<string, long> Rejects)
{
    /// <summary>Current per phase (A; L1, L2, L3, null where not reported) of the newest stored reading; empty when the meter reports none.</summary>
    public IReadOnlyList<double?> LastCurrentA { get; init; } = [];

    /// <summary>The meter's voltage sag counters per phase (L1, L2, L3, null where not reported) in the newest stored reading; empty when it reports none per phase.</summary>
    public IReadOnlyList<int?> LastVoltageSags { get; init; } = [];

    /// <summary>The meter's voltage swell counters per phase, as <see cref="LastVoltageSags"/>.</summary>
    public IReadOnlyList<int?> LastVoltageSwells { get; init; } = [];
}
