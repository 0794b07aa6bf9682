using Edge.MeterAdapter.Transport;
using Edge.Runtime.Health;

namespace Edge.Runtime.Ingest;

/// <summary>
/// Mirrors a serial transport's state on the meter's status and the fault board: a missing device or a port that
/// keeps failing to open is the fault "meter:&lt;id&gt;"; it clears when readings flow again (<see cref="ReadingArrived"/>)
/// over a connected port. A telegram decoded from bytes read before an unplug may arrive after the transport reported
/// the device missing; it must not clear that fault, because the transport does not report the unchanged state again.
/// </summary>
internal sealed class SerialFaultReporter
{
    private readonly MeterStatus _status;
    private readonly FaultBoard _faults;
    private readonly string _component;
    private volatile bool _connected = true;

    public SerialFaultReporter(SerialTransport transport, MeterStatus status, FaultBoard faults)
    {
        _status = status;
        _faults = faults;
        _component = FaultComponent(status.MeterId);
        transport.StateChanged += OnStateChanged;
    }

    public static string FaultComponent(string meterId) => "meter:" + meterId;

    /// <summary>Something other than the transport went wrong (no framing found, no answer to polls).</summary>
    public void Report(string message) => _faults.Report(_component, message);

    public void ReadingArrived()
    {
        if (_connected)
        {
            _faults.Clear(_component);
        }
    }

    private void OnStateChanged(SerialTransportStateChange change)
    {
        _connected = change.Current is SerialTransportState.Connected;
        _status.SetTransport(StateName(change.Current), change.Reason);
        if (change.Current is SerialTransportState.DeviceMissing or SerialTransportState.Silent)
        {
            _faults.Report(_component, change.Reason);
        }
        else if (change.Current is SerialTransportState.Reopening && change.Reason.StartsWith("open ", StringComparison.Ordinal))
        {
            _faults.Report(_component, change.Reason);
        }
    }

    private static string StateName(SerialTransportState state) => state switch
    {
        SerialTransportState.Connected => "connected",
        SerialTransportState.Silent => "silent",
        SerialTransportState.Reopening => "reopening",
        SerialTransportState.DeviceMissing => "device-missing",
        _ => "closed",
    };
}
