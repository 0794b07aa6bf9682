using CsCheck;
using Edge.MeterAdapter.Iec62056;
using Edge.MeterAdapter.Tests.Modbus;
using Microsoft.Extensions.Time.Testing;

namespace Edge.MeterAdapter.Tests.Iec62056;

/// <summary>Whatever a meter (or the noise on its optical port) sends, the reader neither throws nor invents a reading.</summary>
public sealed class Iec62056SessionPropertyTests
{
    [Fact]
    public void Identification_parser_never_throws_on_random_lines()
    {
        Gen.Byte.Array[0, 40].Sample(bytes =>
        {
            var id = IdentificationMessage.Parse(bytes, out var error);
            return (id is null) != (error is null);
        }, iter: 10_000);
    }

    [Fact]
    public void Noise_instead_of_answers_gives_a_counted_reject_and_no_reading()
    {
        // Noise answers both the sign-on and the acknowledgement. 10 ms poll steps keep the fake-time timeouts cheap.
        Gen.Select(Gen.Byte.Array[0, 80], Gen.Byte.Array[0, 200]).Sample((first, second) =>
        {
            var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
            var answers = 0;
            var line = new ScriptedLine(clock, _ => answers++ == 0
                ? [new ScriptedChunk(TimeSpan.FromMilliseconds(200), [(byte)'/', .. first])]
                : [new ScriptedChunk(TimeSpan.FromMilliseconds(300), [0x02, .. second])])
            {
                PollStep = TimeSpan.FromMilliseconds(10),
            };
            var reader = new Iec62056ModeCReader(line, clock);

            var reading = reader.ReadAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();

            return reading is null && reader.Rejects.Total == 1 && reader.LastRejectDetail is not null && line.BaudRate == 300;
        }, iter: 1_000);
    }
}
