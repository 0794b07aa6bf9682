using Edge.MeterAdapter.Dsmr;
using Edge.MeterAdapter.Readings;
using Edge.MeterAdapter.Tests.Transport;
using Edge.MeterAdapter.Transport;
using Edge.MeterSim.Consumption;
using Edge.MeterSim.Dsmr;
using Edge.MeterSim.Faults;
using Edge.MeterSim.Meter;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Edge.MeterAdapter.Tests.EndToEnd;

/// <summary>
/// The end-to-end requirement: the gateway's DSMR reader (SerialTransport over a TermiosSerialDevice on a pty slave,
/// DsmrDecoder, DsmrMeterReader) against the simulated meter on the pty master, for an hour of meter time (3600
/// telegrams at 1 s) pushed as fast as the reader takes them, with faults. Both sides share one fake clock, advanced by
/// one second per telegram once the reader has consumed it, so gateway times, silence detection and reopen are exact.
/// </summary>
public sealed class DsmrOverPtyEndToEndTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Start = new(2026, 3, 29, 0, 30, 0, TimeSpan.Zero); // crosses the switch to summer time at 01:00 UTC

    [Fact]
    public async Task An_hour_of_faulty_telegrams_every_intact_one_read_every_corrupted_one_rejected_unplugs_recovered()
    {
        var faults = new FaultRates
        {
            BitFlip = 0.01,
            DroppedByte = 0.01,
            Truncation = 0.01,
            Garbage = 0.03,
            Unplug = 0.002,
            UnplugDuration = TimeSpan.FromSeconds(4),
            ClockJump = 0.002,
            ClockJumpSize = TimeSpan.FromMinutes(90),
        };
        var meter = new SimulatedMeterState(DailyEnergyProfile.Constant(9.5, new DateOnly(2026, 3, 1)), TheftBehaviour.Honest, Start, initialImportWh: 5_432_100);
        var sim = new DsmrMeterSimulator(meter, new DsmrMeterSimulatorOptions { Faults = faults, Seed = 20261124 });

        // The telegram for period i is written when the clock shows the end of that period.
        var clock = new FakeTimeProvider(Start + TimeSpan.FromSeconds(1));
        using var pty = PseudoTerminal.Open();
        var transportOptions = new SerialTransportOptions { SilenceWindow = TimeSpan.FromSeconds(3), InitialBackoff = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromSeconds(8) };
        using var transport = new SerialTransport(new TermiosSerialDevice(pty.SlavePath, TimeSpan.FromMilliseconds(10)), SerialSettings.Dsmr5, transportOptions, clock);
        transport.StateChanged += c => output.WriteLine($"{c.At:HH:mm:ss.fff} {c.Previous} -> {c.Current}: {c.Reason}");
        var reader = new DsmrMeterReader(transport, new DsmrOptions { RequireCrc = true }, clock, new DsmrMeterReaderOptions { ReadingBufferCapacity = 8192 });
        using var stop = new CancellationTokenSource();
        Task reading = Task.Run(() => reader.RunAsync(stop.Token));
        // Opening a port may discard what is already waiting in the tty, so the meter starts once the port is open.
        Eventually.True(() => transport.Status.State == SerialTransportState.Connected, "port opened");

        var log = new List<DsmrEmission>();
        long written = 0;
        DateTimeOffset lastSent = clock.GetUtcNow();
        int unplugs = 0;
        bool silenceSeenThisUnplug = false;
        for (int i = 0; i < 3600; i++)
        {
            DsmrEmission emission = sim.Next(allowFaults: i < 3599);
            log.Add(emission);
            Assert.Equal(clock.GetUtcNow(), emission.TrueTime);
            if (emission.Sent)
            {
                pty.Master.Write(emission.Wire);
                written += emission.Wire.Length;
                Eventually.True(() => reader.BytesProcessed == written, $"telegram {i} consumed");
                lastSent = clock.GetUtcNow();
                silenceSeenThisUnplug = false;
            }
            else if (i == 0 || log[i - 1].Sent)
            {
                unplugs++;
            }

            clock.Advance(TimeSpan.FromSeconds(1));
            if (!silenceSeenThisUnplug && clock.GetUtcNow() - lastSent >= transportOptions.SilenceWindow)
            {
                // The stale-port watchdog must fire now, close the port and reopen it at once (first reopen: no backoff).
                Eventually.True(
                    () => transport.Status is { State: SerialTransportState.Connected } s && s.SilenceDetections == unplugs && s.Opens == unplugs + 1,
                    $"silence detected and port reopened after unplug {unplugs}");
                silenceSeenThisUnplug = true;
            }
        }

        await stop.CancelAsync();
        await reading;
        var readings = new List<MeterReading>();
        await foreach (MeterReading r in reader.ReadAllAsync(CancellationToken.None))
        {
            readings.Add(r);
        }

        // Every intact telegram became exactly one reading, in order, with the values the meter put in it.
        DsmrEmission[] intact = log.Where(e => e.Intact).ToArray();
        Assert.Equal(intact.Length, readings.Count);
        for (int k = 0; k < intact.Length; k++)
        {
            MeterReading expected = intact[k].Expected;
            MeterReading actual = readings[k];
            Assert.Equal(expected.Energy, actual.Energy);
            Assert.Equal(expected.MeterTime, actual.MeterTime);
            Assert.Equal(expected.MeterTime!.Value.Offset, actual.MeterTime!.Value.Offset);
            Assert.Equal(expected.Instant.ImportPowerW, actual.Instant.ImportPowerW);
            Assert.Equal(expected.Events.PowerFailures, actual.Events.PowerFailures);
            Assert.Equal(intact[k].TrueTime, actual.GatewayTime);
            Assert.Equal(ReadingQuality.Good, actual.Quality);
        }

        // Every corrupted telegram was rejected, for the reason its corruption implies.
        int flippedOrDropped = log.Count(e => e.Corrupted && e.Faults.Corruption is Corruption.BitFlip or Corruption.DroppedByte);
        int truncated = log.Count(e => e.Corrupted && e.Faults.Corruption == Corruption.Truncated);
        DsmrCounters counters = reader.Counters;
        Assert.Equal(intact.Length, counters.Accepted);
        Assert.Equal(flippedOrDropped, counters.Rejects[DsmrRejectReason.BadCrc]);
        Assert.Equal(truncated, counters.Rejects[DsmrRejectReason.Truncated]);
        Assert.Equal(0, counters.Rejects[DsmrRejectReason.MalformedLine]);
        Assert.Equal(0, counters.Rejects[DsmrRejectReason.MissingCrc]);
        Assert.Equal(0, counters.Rejects[DsmrRejectReason.Oversize]);

        // Garbage is skipped and counted once per burst, except a burst that follows a truncated telegram still open
        // at the time: the framer takes it as the rest of that telegram (rejected once, as truncated).
        int countedGarbage = 0;
        for (int i = 0; i < log.Count; i++)
        {
            byte[] garbage = log[i].Faults.GarbageBefore;
            // An unplug in between would have closed it: the reader ends a telegram after 2 s of quiet.
            bool framerOpen = i > 0 && log[i - 1].Corrupted && log[i - 1].Faults.Corruption == Corruption.Truncated;
            if (log[i].Sent && garbage.Any(b => b is not ((byte)'\r' or (byte)'\n' or 0)) && !framerOpen)
            {
                countedGarbage++;
            }
        }

        Assert.Equal(countedGarbage, counters.Rejects[DsmrRejectReason.Garbage]);

        output.WriteLine(
            $"{log.Count(e => e.Sent)} telegrams sent, {intact.Length} intact read, {flippedOrDropped} bad CRC, {truncated} truncated, " +
            $"{countedGarbage} garbage bursts counted of {log.Count(e => e.Sent && e.Faults.GarbageBefore.Length > 0)}, {unplugs} unplugs " +
            $"({log.Count(e => e.Unplugged)} telegrams lost), {log.Count(e => e.Sent && e.Faults.ClockJump != TimeSpan.Zero)} clock jumps; " +
            $"transport: {transport.Status.Opens} opens, {transport.Status.SilenceDetections} silences, {transport.Status.BytesReceived} bytes");

        // The run exercised what it claims to (fixed seed, so these are facts about this run, not luck).
        Assert.True(flippedOrDropped > 20 && truncated > 10 && countedGarbage > 30, $"faults: {flippedOrDropped} CRC, {truncated} truncated, {countedGarbage} garbage");
        Assert.InRange(unplugs, 2, 20);
        Assert.True(log.Any(e => e.Faults.ClockJump != TimeSpan.Zero && e.Sent), "a clock jump happened");
        Assert.Equal(unplugs, transport.Status.SilenceDetections);
        Assert.Equal(unplugs + 1, transport.Status.Opens);
        Assert.Equal(written, transport.Status.BytesReceived);
        Assert.Equal(3600 - log.Count(e => e.Unplugged), log.Count(e => e.Sent));
    }
}
