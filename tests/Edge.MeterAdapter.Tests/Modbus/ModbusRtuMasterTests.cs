using Edge.MeterAdapter.Modbus;
using Microsoft.Extensions.Time.Testing;

namespace Edge.MeterAdapter.Tests.Modbus;

public sealed class ModbusRtuMasterTests
{
    // 9600 baud: t1.5 = 1.72 ms, t3.5 = 4.01 ms.
    private static readonly ModbusRtuMasterOptions At9600 = ModbusRtuMasterOptions.ForBaudRate(9600);
    private static readonly byte[] VoltageResponse = [0x01, 0x04, 0x04, 0x43, 0x66, 0x33, 0x34, 0x1B, 0x38];

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));

    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    private (ModbusRtuMaster Master, ScriptedLine Line) Connect(params (TimeSpan Gap, byte[] Bytes)[] answer)
    {
        var line = new ScriptedLine(_clock, _ => answer.Select(c => (ScriptedChunk)c));
        return (new ModbusRtuMaster(line, At9600, _clock), line);
    }

    private static ValueTask<ModbusResponse> ReadVoltage(ModbusRtuMaster master) =>
        master.ReadInputRegistersAsync(0x01, 0x0000, 2, CancellationToken.None);

    [Fact]
    public async Task Answer_in_chunks_closer_than_t1_5_is_one_frame()
    {
        var (master, _) = Connect((Ms(30), VoltageResponse[..4]), (Ms(1), VoltageResponse[4..]));

        var response = await ReadVoltage(master);

        Assert.True(response.IsSuccess, response.ToString());
        Assert.Equal([0x4366, 0x3334], response.Registers);
        Assert.Equal(0, master.Rejects.Total);
    }

    [Fact]
    public async Task Gap_between_t1_5_and_t3_5_inside_a_frame_makes_it_incomplete()
    {
        var (master, _) = Connect((Ms(30), VoltageResponse[..4]), (Ms(3), VoltageResponse[4..]));

        var response = await ReadVoltage(master);

        Assert.Equal(ModbusRejectReason.InterCharacterTimeout, response.Reject);
        Assert.Equal(1, master.Rejects[ModbusRejectReason.InterCharacterTimeout]);
    }

    [Fact]
    public async Task Gap_longer_than_t3_5_ends_the_frame_short_and_the_rest_is_discarded_before_the_next_request()
    {
        var answers = new Queue<ScriptedChunk[]>(
        [
            [(Ms(30), VoltageResponse[..4]), (Ms(10), VoltageResponse[4..])],
            [(Ms(30), VoltageResponse)],
        ]);
        var line = new ScriptedLine(_clock, _ => answers.Dequeue());
        // With Eastron's 60 ms between requests the late tail (10 ms after the head) falls into the quiet wait.
        var master = new ModbusRtuMaster(line, ModbusRtuMasterOptions.ForBaudRate(9600, Ms(60)), _clock);

        var first = await ReadVoltage(master);
        Assert.Equal(ModbusRejectReason.ShortFrame, first.Reject);

        // The tail arrives while the master waits for a quiet line; it must not be taken as the next answer.
        var second = await ReadVoltage(master);
        Assert.True(second.IsSuccess, second.ToString());
        Assert.Equal(5, master.StrayBytes);
        Assert.Equal(2, line.Writes.Count);
    }

    [Fact]
    public async Task No_answer_is_a_response_timeout_after_the_configured_time()
    {
        var (master, line) = Connect();

        var response = await ReadVoltage(master);

        Assert.Equal(ModbusRejectReason.ResponseTimeout, response.Reject);
        Assert.True(_clock.GetUtcNow() - line.Writes[0].At >= At9600.ResponseTimeout);
        Assert.True(_clock.GetUtcNow() - line.Writes[0].At < At9600.ResponseTimeout + Ms(1));
    }

    [Fact]
    public async Task Extra_bytes_right_after_the_answer_make_a_long_frame()
    {
        var (master, _) = Connect((Ms(30), [.. VoltageResponse, 0x00]));

        Assert.Equal(ModbusRejectReason.LongFrame, (await ReadVoltage(master)).Reject);
    }

    [Fact]
    public async Task Endless_noise_is_a_long_frame_and_the_buffer_does_not_grow()
    {
        var noise = Enumerable.Range(0, 40).Select(i => (Ms(0.5), Enumerable.Repeat((byte)0x55, 16).ToArray())).ToArray();
        var (master, _) = Connect(noise);

        Assert.Equal(ModbusRejectReason.LongFrame, (await ReadVoltage(master)).Reject);
    }

    [Fact]
    public async Task Exception_response_is_counted_with_its_code()
    {
        var (master, _) = Connect((Ms(20), ReadInputRegisters.EncodeException(0x01, ModbusExceptionCode.IllegalDataAddress)));

        var response = await ReadVoltage(master);

        Assert.Equal(ModbusExceptionCode.IllegalDataAddress, response.ExceptionCode);
        Assert.Equal(1, master.Rejects[ModbusRejectReason.ExceptionResponse]);
    }

    [Fact]
    public async Task Requests_wait_for_the_inter_request_silence_after_the_last_byte()
    {
        var options = ModbusRtuMasterOptions.ForBaudRate(9600, interRequestSilence: Ms(60));
        var line = new ScriptedLine(_clock, _ => [(Ms(20), VoltageResponse)]);
        var master = new ModbusRtuMaster(line, options, _clock);

        await ReadVoltage(master);
        await ReadVoltage(master);

        // The first answer's last byte came 20 ms after the first request; the second request follows ≥ 60 ms later.
        var lastByteOfFirstAnswer = line.Writes[0].At + Ms(20);
        Assert.True(line.Writes[1].At - lastByteOfFirstAnswer >= Ms(60));
    }

    [Fact]
    public void Inter_request_silence_is_never_below_t3_5()
    {
        var options = ModbusRtuMasterOptions.ForBaudRate(2400, interRequestSilence: Ms(1));
        Assert.Equal(ModbusRtuTiming.ForBaudRate(2400).InterFrameSilence, options.InterRequestSilence);
    }
}
