using Edge.MeterAdapter.Iec62056;
using Edge.MeterAdapter.Modbus;
using Edge.MeterAdapter.Readings;
using Edge.MeterAdapter.Transport;
using Edge.MeterSim.Consumption;
using Edge.MeterSim.Hosting;
using Edge.MeterSim.Iec62056;
using Edge.MeterSim.Meter;
using Edge.MeterSim.Modbus;

namespace Edge.MeterAdapter.Tests.Simulator;

/// <summary>
/// The gateway's readers (Iec62056ModeCReader, EastronSdmMeter) on a SerialTransport over a real pty slave, the
/// simulated meters on the pty master: the two independently written sides of each protocol must agree.
/// </summary>
public sealed class ProtocolOverPtyTests
{
    private static readonly SerialTransportOptions Options = new() { SilenceWindow = TimeSpan.FromHours(1) };

    // The simulated meters answer at once; these tests check the protocol, not reaction times, so a loaded CI machine
    // (the responder's thread starved for a second or two) must not turn into a timeout. Timeouts are tested with fake
    // clocks in the reader tests.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Iec_mode_C_readout_at_9600_after_sign_on_at_300_7E1()
    {
        var state = new SimulatedMeterState(TestMeters.FlatOneKilowatt, TheftBehaviour.Honest, TestMeters.WeekdayNoon, initialImportWh: 1_234_000);
        state.Advance(TimeSpan.FromHours(2)); // 1 kW for 2 h: +2000 Wh on tariff 2 (12:00-14:00 CET)
        var meter = new IecMeterSimulator(state, "12345678", maxBaudRate: 9600);

        using var pty = PseudoTerminal.Open();
        var switches = new List<SerialSettings>();
        using (var transport = new SerialTransport(new TermiosSerialDevice(pty.SlavePath, TimeSpan.FromMilliseconds(20)), SerialSettings.Iec62056Start, Options, TimeProvider.System))
        {
            transport.StateChanged += c =>
            {
                if (c.Current == SerialTransportState.Connected)
                {
                    switches.Add(transport.Settings);
                }
            };
            var loop = new ResponderLoop(pty.Master, bytes => Reply(meter.Receive(bytes.Span)), TimeProvider.System);
            Task playing = Task.Run(() => loop.RunAsync(CancellationToken.None));
            var reader = new Iec62056ModeCReader(transport, TimeProvider.System, new Iec62056Options { MeterClockOffset = TimeSpan.FromHours(1), ResponseTimeout = Patience, InterCharacterTimeout = Patience });

            MeterReading? reading = await reader.ReadAsync(CancellationToken.None);

            Assert.True(reading is not null, reader.LastRejectDetail);
            Assert.Equal(1, meter.Readouts);
            // Initial 1 234 000 Wh split evenly over the tariffs; +2000 Wh on tariff 2; the meter shows whole Wh.
            Assert.Equal(617_000, reading.Energy.ImportTariff1Wh);
            Assert.Equal(619_000, reading.Energy.ImportTariff2Wh);
            Assert.Equal(1_236_000, reading.Energy.TotalImportWh);
            Assert.Equal(1000, reading.Instant.ImportPowerW);
            Assert.Equal(new DateTimeOffset(2026, 1, 13, 14, 0, 0, TimeSpan.FromHours(1)), reading.MeterTime);
            transport.Dispose();
            pty.CloseSlave();
            await playing;
        }

        // Opened at 300 7E1 for sign-on, reopened at 9600 7E1 for the data message, back to 300 for the next session.
        Assert.Equal(["300 7E1", "9600 7E1"], switches.Take(2).Select(s => s.ToString()));
    }

    [Theory]
    [InlineData(EastronModel.Sdm120)]
    [InlineData(EastronModel.Sdm630)]
    public async Task Eastron_registers_read_over_Modbus_RTU_with_CRC(EastronModel model)
    {
        var state = new SimulatedMeterState(TestMeters.FlatOneKilowatt, new TheftBehaviour { BypassFactor = 0.5 }, TestMeters.WeekdayNoon, initialImportWh: 10_000);
        state.Advance(TimeSpan.FromHours(1)); // true 1000 Wh, registered 500 Wh
        var slave = new EastronSlaveSimulator(state, model, slaveAddress: 7, voltage: 230.0);
        SerialSettings settings = model == EastronModel.Sdm120 ? SerialSettings.Sdm120 : SerialSettings.Sdm630;

        using var pty = PseudoTerminal.Open();
        using var transport = new SerialTransport(new TermiosSerialDevice(pty.SlavePath, TimeSpan.FromMilliseconds(20)), settings, Options, TimeProvider.System);
        var loop = new ResponderLoop(pty.Master, bytes => MeterReply.Immediate(slave.Receive(bytes.Span)), TimeProvider.System);
        Task playing = Task.Run(() => loop.RunAsync(CancellationToken.None));
        var master = new ModbusRtuMaster(transport, ModbusRtuMasterOptions.ForBaudRate(settings.BaudRate) with { ResponseTimeout = Patience }, TimeProvider.System);
        var sdm = new EastronSdmMeter(master, 7, model, TimeProvider.System, "sdm-7");

        MeterReading? reading = await sdm.ReadAsync(CancellationToken.None);

        Assert.NotNull(reading);
        Assert.Equal(10_500, reading.Energy.TotalImportWh);
        Assert.Equal(0, reading.Energy.TotalExportWh);
        // Bypassed: the meter shows half of the true 1 kW.
        Assert.Equal(500, reading.Instant.ImportPowerW!.Value, 3);
        Assert.Equal(230.0, reading.Instant.VoltageV[0]!.Value, 3);
        Assert.Equal(EastronRegisterMap.BlocksFor(model).Count, slave.Answered);
        Assert.Equal(0, slave.CrcErrors);
        transport.Dispose();
        pty.CloseSlave();
        await playing;
    }

    [Fact]
    public void Modbus_slave_answers_odd_addresses_with_exception_02_and_ignores_bad_CRC_and_other_addresses()
    {
        var state = new SimulatedMeterState(TestMeters.FlatOneKilowatt, TheftBehaviour.Honest, TestMeters.WeekdayNoon);
        var slave = new EastronSlaveSimulator(state, EastronModel.Sdm120, slaveAddress: 1);

        // Eastron example request 01 04 00 00 00 02 71 CB (voltage L1).
        byte[] voltage = slave.Receive([0x01, 0x04, 0x00, 0x00, 0x00, 0x02, 0x71, 0xCB]);
        Assert.True(ReadInputRegisters.HasValidCrc(voltage));
        Assert.Equal(ModbusResponse.Success([.. Float32Pair(230f)]).Registers, ReadInputRegisters.DecodeResponse(voltage, 1, 2).Registers);

        byte[] odd = slave.Receive(ReadInputRegisters.EncodeRequest(1, 0x0001, 2));
        Assert.Equal(ModbusExceptionCode.IllegalDataAddress, ReadInputRegisters.DecodeResponse(odd, 1, 2).ExceptionCode);

        byte[] corrupted = ReadInputRegisters.EncodeRequest(1, 0x0000, 2);
        corrupted[3] ^= 0x01;
        Assert.Empty(slave.Receive(corrupted));
        Assert.Empty(slave.Receive(ReadInputRegisters.EncodeRequest(2, 0x0000, 2)));
        Assert.True(slave.CrcErrors >= 1);
    }

    private static MeterReply Reply(IecMeterResponse response) => new(response.Send, response.ReactionTime);

    private static ushort[] Float32Pair(float value)
    {
        (ushort high, ushort low) = Float32Registers.Encode(value);
        return [high, low];
    }
}
