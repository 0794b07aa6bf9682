using Edge.MeterAdapter.Readings;
using Edge.MeterSim.Faults;

namespace Edge.MeterSim.Dsmr;

/// <summary>
/// The simulator's log entry for one telegram period: what the meter meant to send (<see cref="Telegram"/>, and the
/// reading a correct decoder must produce from it), what actually went on the wire, and which faults were applied.
/// Tests compare this log against the gateway's readings and reject counters.
/// </summary>
public sealed record DsmrEmission(
    int Sequence,
    DateTimeOffset TrueTime,
    MeterReading Expected,
    byte[] Telegram,
    byte[] Wire,
    FaultPlan Faults,
    bool Unplugged)
{
    /// <summary>Nothing was sent: the cable was out.</summary>
    public bool Sent => !Unplugged;

    /// <summary>The telegram went out unchanged (garbage before it does not change it).</summary>
    public bool Intact => Sent && Faults.Corruption == Corruption.None;

    public bool Corrupted => Sent && Faults.Corruption != Corruption.None;
}
