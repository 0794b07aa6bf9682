using System.Threading.Channels;
using Edge.MeterAdapter.Readings;
using Edge.MeterAdapter.S0;
using Edge.Runtime.Health;

namespace Edge.Runtime.Ingest;

/// <summary>
/// An S0 pulse line turned into a cumulative import register: every interval the counted energy (start value plus
/// pulses / impulses-per-kWh) is recorded as a reading of the configured meter, so the daily series and the bypass rule
/// treat it like any register meter. The start value continues from the last stored reading across restarts.
/// </summary>
public sealed class S0MeterSource : IMeterSource, IDisposable
{
    private readonly S0PulseInput _input;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly MeterStatus _status;
    private readonly FaultBoard _faults;

    public S0MeterSource(string meterId, S0PulseInput input, TimeSpan interval, MeterStatusBoard board, FaultBoard faults, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrEmpty(meterId);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(board);
        MeterId = meterId;
        _input = input;
        _interval = interval;
        _time = time;
        _faults = faults;
        _status = board.For(meterId, "s0");
        _status.SetTransport("connected", "counting pulses");
    }

    public string MeterId { get; }

    public async Task RunAsync(ChannelWriter<MeterReading> readings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(readings);
        var component = SerialFaultReporter.FaultComponent(MeterId);
        using var timer = new PeriodicTimer(_interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                _status.SetRejects(_input.Rejects.Snapshot().Select(r => KeyValuePair.Create(r.Key.ToString(), r.Value)));
                var fault = _input.Fault;
                if (fault != S0LineFault.None)
                {
                    _faults.Report(component, $"pulse line {fault}");
                }
                else
                {
                    _faults.Clear(component);
                }

                await readings.WriteAsync(_input.Read() with { MeterId = MeterId }, cancellationToken).ConfigureAwait(false);
                _status.Received();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown.
        }
    }

    public void Dispose() => _input.Dispose();
}
