using System.Text;

namespace Edge.MeterAdapter.Dsmr;

/// <summary>
/// DSMR prints octet strings (equipment ids, text messages) as hex (P1 Companion Standard v5.0.2 §6.4, "Sn").
/// Decoded to ASCII when every byte is printable; otherwise the text is kept as sent, which also covers DSMR 2.2
/// meters that print plain digits.
/// </summary>
public static class DsmrOctetString
{
    public static string Decode(string hex)
    {
        if (hex.Length == 0 || hex.Length % 2 != 0)
        {
            return hex;
        }

        var bytes = new byte[hex.Length / 2];
        if (Convert.FromHexString(hex, bytes, out _, out var written) != System.Buffers.OperationStatus.Done || written != bytes.Length)
        {
            return hex;
        }

        return bytes.AsSpan().ContainsAnyExceptInRange((byte)0x20, (byte)0x7E) ? hex : Encoding.ASCII.GetString(bytes);
    }

    public static string Encode(string ascii) => Convert.ToHexString(Encoding.ASCII.GetBytes(ascii));
}
