using System.Buffers.Binary;
using Edge.MeterAdapter.Modbus;
using Edge.MeterAdapter.Readings;
using Microsoft.Extensions.Time.Testing;

namespace Edge.MeterAdapter.Tests.Modbus;

public sealed class EastronSdmMeterTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));

    /// <summary>A slave that answers function 0x04 from a table of float registers, 20 ms after each request.</summary>
    private static Func<byte[], IEnumerable<ScriptedChunk>> Slave(byte address, Dictionary<ushort, float> floats) => request =>
    {
        if (request[0] != address)
        {
            return [];
        }

        var start = BinaryPrimitives.ReadUInt16BigEndian(request.AsSpan(2));
        var count = BinaryPrimitives.ReadUInt16BigEndian(request.AsSpan(4));
        var registers = new ushort[count];
        for (var i = 0; i < count; i += 2)
        {
            if (!floats.TryGetValue((ushort)(start + i), out var value))
            {
                return [(TimeSpan.FromMilliseconds(20), ReadInputRegisters.EncodeException(address, ModbusExceptionCode.IllegalDataAddress))];
            }

            (registers[i], registers[i + 1]) = Float32Registers.Encode(value);
        }

        return [(TimeSpan.FromMilliseconds(20), ReadInputRegisters.EncodeResponse(address, registers))];
    };

    private static Dictionary<ushort, float> Sdm120Registers(float importKwh = 1234.567f, float power = 1500.5f) => new()
    {
        [0x0000] = 230.2f,
        [0x0006] = 6.52f,
        [0x000C] = power,
        [0x0048] = importKwh,
        [0x004A] = 12.5f,
    };

    private async Task<(MeterReading? Reading, ModbusRtuMaster Master)> Poll(EastronModel model, Dictionary<ushort, float> registers)
    {
        var line = new ScriptedLine(_clock, Slave(7, registers));
        var master = new ModbusRtuMaster(line, ModbusRtuMasterOptions.ForBaudRate(2400, TimeSpan.FromMilliseconds(60)), _clock);
        var meter = new EastronSdmMeter(master, 7, model, _clock);
        return (await meter.ReadAsync(CancellationToken.None), master);
    }

    [Fact]
    public async Task Sdm120_poll_becomes_a_reading()
    {
        var (reading, master) = await Poll(EastronModel.Sdm120, Sdm120Registers());

        Assert.NotNull(reading);
        Assert.Equal("sdm120@7", reading.MeterId);
        Assert.Equal(MeterProtocol.ModbusSdm, reading.Protocol);
        // 1234.567 kWh as float32 is 1234.5670166015625 (spacing 2^-13 kWh ≈ 0.12 Wh) → 1 234 567 Wh.
        Assert.Equal(1_234_567, reading.Energy.ImportTotalWh);
        // 12.5 is exact in float32 → 12 500 Wh.
        Assert.Equal(12_500, reading.Energy.ExportTotalWh);
        Assert.Equal(1500.5, reading.Instant.ImportPowerW);
        Assert.Equal(0, reading.Instant.ExportPowerW);
        Assert.Equal(230.2f, (float)reading.Instant.VoltageV.Single()!.Value);
        Assert.Equal(6.52f, (float)reading.Instant.CurrentA.Single()!.Value);
        Assert.Equal(0, master.Rejects.Total);
    }

    [Fact]
    public async Task Negative_active_power_is_export()
    {
        var (reading, _) = await Poll(EastronModel.Sdm120, Sdm120Registers(power: -800f));

        Assert.Equal(0, reading!.Instant.ImportPowerW);
        Assert.Equal(800, reading.Instant.ExportPowerW);
    }

    [Fact]
    public async Task Sdm630_reads_three_phases_and_total_power()
    {
        var registers = new Dictionary<ushort, float>
        {
            [0x0000] = 230f, [0x0002] = 231f, [0x0004] = 232f,
            [0x0006] = 1f, [0x0008] = 2f, [0x000A] = 3f,
            [0x000C] = 230f, [0x000E] = 462f, [0x0010] = 696f,
            [0x0034] = 1388f,
            [0x0048] = 100f, [0x004A] = 0f,
        };

        var (reading, _) = await Poll(EastronModel.Sdm630, registers);

        Assert.NotNull(reading);
        Assert.Equal([230.0, 231.0, 232.0], reading.Instant.VoltageV);
        Assert.Equal([1.0, 2.0, 3.0], reading.Instant.CurrentA);
        Assert.Equal(1388, reading.Instant.ImportPowerW);
        Assert.Equal(100_000, reading.Energy.ImportTotalWh);
    }

    [Fact]
    public async Task A_failed_block_means_no_reading_at_all()
    {
        var registers = Sdm120Registers();
        registers.Remove(0x004A);

        var (reading, master) = await Poll(EastronModel.Sdm120, registers);

        Assert.Null(reading);
        Assert.Equal(1, master.Rejects[ModbusRejectReason.ExceptionResponse]);
    }

    [Fact]
    public async Task Nan_energy_is_not_a_reading()
    {
        var (reading, master) = await Poll(EastronModel.Sdm120, Sdm120Registers(importKwh: float.NaN));

        Assert.Null(reading);
        Assert.Equal(1, master.Rejects[ModbusRejectReason.ImplausibleValue]);
    }

    [Fact]
    public void Missing_register_is_not_a_reading()
    {
        var registers = Sdm120Registers();
        registers.Remove(0x0006);

        Assert.Null(EastronSdmMeter.ToReading(registers, EastronModel.Sdm120, "m", DateTimeOffset.UnixEpoch));
        Assert.NotNull(EastronSdmMeter.ToReading(Sdm120Registers(), EastronModel.Sdm120, "m", DateTimeOffset.UnixEpoch));
    }

    [Theory]
    // 8191.999 kWh: below 2^13 the float32 spacing is 2^(12−23) kWh ≈ 0.49 Wh, so the whole Wh survives.
    [InlineData(8191.999f, 8_191_999L)]
    // 20 000.001 kWh: between 2^14 and 2^15 the spacing is 2^(14−23) = 1/512 kWh ≈ 1.95 Wh; the nearest float is
    // 20000 + 1/512 = 20000.001953125 kWh → 20 000 001.95 Wh → 20 000 002 Wh. The meter cannot say 20 000 001.
    [InlineData(20000.001f, 20_000_002L)]
    [InlineData(0f, 0L)]
    public void Kilowatt_hours_become_whole_watt_hours_within_float32_resolution(float kwh, long expectedWh)
    {
        Assert.True(EastronSdmMeter.TryToWattHours(kwh, out var wh));
        Assert.Equal(expectedWh, wh);
    }

    [Theory]
    [InlineData(-1f)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(2e9f)]
    public void Implausible_energy_is_refused(float kwh) => Assert.False(EastronSdmMeter.TryToWattHours(kwh, out _));
}
