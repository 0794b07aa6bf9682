using System.Numerics;
using Edge.MeterAdapter.Dsmr;
using Edge.MeterAdapter.Readings;
using Edge.MeterAdapter.Transport;

namespace Edge.MeterAdapter.Tests.Dsmr;

/// <summary>
/// What a UART delivers when the meter and the port disagree, modelled per character (1 start bit, data, parity,
/// stop: 7E1 and 8N1 are both 10-bit characters, so at the same baud each byte maps to one byte).
/// </summary>
public class DsmrFramingDetectorTests
{
    private static readonly byte[] V5 = TelegramFiles.Load("dsmr50-meter.txt");
    private static readonly byte[] V22 = TelegramFiles.Load("dsmr22-no-crc.txt");

    /// <summary>Meter sends 7E1, port reads 8N1: the even-parity bit lands in bit 7.</summary>
    private static byte[] SevenEvenReadAsEightNone(byte[] ascii) =>
        ascii.Select(b => (byte)(BitOperations.PopCount(b) % 2 == 1 ? b | 0x80 : b)).ToArray();

    /// <summary>Meter sends 8N1 (bit 7 = 0), port reads 7E1: bit 7 is taken as parity; a mismatch becomes '?' (SerialPort.ParityReplace).</summary>
    private static byte[] EightNoneReadAsSevenEven(byte[] ascii) =>
        ascii.Select(b => BitOperations.PopCount(b) % 2 == 1 ? (byte)'?' : b).ToArray();

    /// <summary>Wrong baud rate: the UART sees noise.</summary>
    private static byte[] Noise(int seed)
    {
        var bytes = new byte[3000];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public void Eight_none_meter_is_found_at_115200_8N1()
    {
        var choice = DsmrFramingDetector.Evaluate(SerialSettings.Dsmr5, [.. V5.AsSpan(400), .. V5, .. V5]);
        Assert.NotNull(choice);
        Assert.True(choice.Checked);
        Assert.True(choice.Options.RequireCrc);
        Assert.False(choice.Options.MaskParityBit);
    }

    [Fact]
    public void Seven_even_meter_read_as_8N1_is_recognised_by_masking_bit_7()
    {
        var choice = DsmrFramingDetector.Evaluate(SerialSettings.Dsmr5, SevenEvenReadAsEightNone([.. V5, .. V5]));
        Assert.NotNull(choice);
        Assert.True(choice.Options.MaskParityBit);

        // The chosen options decode the stream.
        var decoder = new DsmrDecoder(choice.Options);
        var readings = new List<MeterReading>();
        decoder.Feed(SevenEvenReadAsEightNone(V5), DateTimeOffset.UnixEpoch, readings);
        Assert.Single(readings);
    }

    [Fact]
    public void Eight_none_meter_read_as_7E1_fails_its_CRC()
    {
        Assert.Null(DsmrFramingDetector.Evaluate(SerialSettings.Dsmr4SevenEvenOne, EightNoneReadAsSevenEven([.. V5, .. V5])));
    }

    [Fact]
    public void Legacy_meter_is_accepted_only_at_9600_and_only_well_formed()
    {
        var choice = DsmrFramingDetector.Evaluate(SerialSettings.Dsmr2, V22);
        Assert.NotNull(choice);
        Assert.False(choice.Checked);
        Assert.False(choice.Options.RequireCrc);
        Assert.Null(DsmrFramingDetector.Evaluate(SerialSettings.Dsmr2, Noise(1)));
    }

    [Fact]
    public async Task Detect_tries_candidates_in_order_and_takes_the_first_CRC_valid_one()
    {
        // A 7E1 DSMR 4.2 meter: 8N1 with masking already works, so 115200 8N1 is chosen first.
        var tried = new List<SerialSettings>();
        Task<byte[]> Capture(SerialSettings s, CancellationToken _)
        {
            tried.Add(s);
            return Task.FromResult(s.BaudRate != 115200 ? Noise(2) : s.DataBits == 8 ? SevenEvenReadAsEightNone(V5) : V5);
        }

        var choice = await DsmrFramingDetector.DetectAsync(DsmrFramingDetector.DefaultCandidates, Capture, CancellationToken.None);
        Assert.Equal(SerialSettings.Dsmr5, choice!.Settings);
        Assert.True(choice.Options.MaskParityBit);
        Assert.Equal([SerialSettings.Dsmr5], tried);
    }

    [Fact]
    public async Task Detect_falls_through_to_9600_for_a_legacy_meter_and_returns_null_for_silence()
    {
        Task<byte[]> Legacy(SerialSettings s, CancellationToken _) => Task.FromResult(s.BaudRate == 9600 ? V22 : Noise(s.DataBits));
        var choice = await DsmrFramingDetector.DetectAsync(DsmrFramingDetector.DefaultCandidates, Legacy, CancellationToken.None);
        Assert.Equal(SerialSettings.Dsmr2, choice!.Settings);

        Task<byte[]> Silent(SerialSettings s, CancellationToken _) => Task.FromResult(Array.Empty<byte>());
        Assert.Null(await DsmrFramingDetector.DetectAsync(DsmrFramingDetector.DefaultCandidates, Silent, CancellationToken.None));
    }
}
