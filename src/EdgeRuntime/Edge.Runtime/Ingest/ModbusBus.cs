using Edge.MeterAdapter.Modbus;
using Edge.MeterAdapter.Readings;
using Edge.MeterAdapter.Transport;

namespace Edge.Runtime.Ingest;

/// <summary>
/// One RS-485 line and the Modbus meters configured on it (one master, a slave address per meter: Modbus over serial
/// line V1.02 §2.1). They share one transport and one master, so the port is opened once and the quiet-line wait before
/// each request counts every meter's traffic. Each meter keeps its own reading thread and schedule; readouts take
/// turns on the bus in the order they asked (so a meter that never answers cannot starve the others), and each meter's
/// rejects are counted apart.
/// </summary>
internal sealed class ModbusBus
{
    private readonly object _turns = new(); // a Monitor: readouts wait on it for their turn
    private readonly ModbusRtuMaster _master;
    private readonly TimeProvider _time;
    private long _nextTicket;
    private long _serving;

    public ModbusBus(SerialTransport transport, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(transport);
        Transport = transport;
        _time = time;
        _master = new ModbusRtuMaster(new BlockingSerialLine(transport), ModbusRtuMasterOptions.ForBaudRate(transport.Settings.BaudRate), time);
    }

    public SerialTransport Transport { get; }

    public BusMeter Attach(byte slaveAddress, EastronModel model, string meterId) =>
        new(this, new EastronSdmMeter(_master, slaveAddress, model, _time, meterId));

    /// <summary>Blocks the calling reading thread until every readout that asked before it has ended (a ticket lock).</summary>
    private void WaitForTurn()
    {
        lock (_turns)
        {
            var ticket = _nextTicket++;
            while (ticket != _serving)
            {
                Monitor.Wait(_turns);
            }
        }
    }

    private void EndTurn()
    {
        lock (_turns)
        {
            _serving++;
            Monitor.PulseAll(_turns);
        }
    }

    /// <summary>One meter on the bus.</summary>
    internal sealed class BusMeter(ModbusBus bus, EastronSdmMeter meter)
    {
        /// <summary>This meter's transactions that failed, by reason.</summary>
        public RejectTally<ModbusRejectReason> Rejects { get; } = new();

        /// <summary>One readout, on the caller's reading thread, once no other meter of the bus is being read.</summary>
        public ValueTask<MeterReading?> ReadAsync(CancellationToken cancellationToken)
        {
            bus.WaitForTurn();
            var before = bus._master.Rejects.Snapshot();
            try
            {
                return ValueTask.FromResult(ReadingThread.Wait(meter.ReadAsync(cancellationToken)));
            }
            finally
            {
                // During this turn, every reject the master counted belongs to this meter.
                foreach (var (reason, total) in bus._master.Rejects.Snapshot())
                {
                    for (var n = before.GetValueOrDefault(reason); n < total; n++)
                    {
                        Rejects.Add(reason);
                    }
                }

                bus.EndTurn();
            }
        }
    }
}
