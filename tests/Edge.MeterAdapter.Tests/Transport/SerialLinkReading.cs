using Edge.MeterAdapter.Transport;

namespace Edge.MeterAdapter.Tests.Transport;

internal static class SerialLinkReading
{
    /// <summary>Reads until <paramref name="count"/> bytes have arrived; gives up after two minutes (a hang guard, not a timing check).</summary>
    public static byte[] ReadExactly(ISerialLink link, int count)
    {
        byte[] buffer = new byte[count];
        int filled = 0;
        Eventually.True(
            () =>
            {
                filled += link.Read(buffer.AsSpan(filled));
                return filled == count;
            },
            $"{count} bytes read");
        return buffer;
    }
}
