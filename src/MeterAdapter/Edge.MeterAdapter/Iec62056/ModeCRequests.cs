using System.Text;

namespace Edge.MeterAdapter.Iec62056;

/// <summary>
/// The two messages the reader sends in mode C (IEC 62056-21, request and acknowledgement/option select messages): the request (sign-on)
/// <c>/ ? [address] ! CR LF</c> and the acknowledgement/option select <c>ACK V Z Y CR LF</c> with V = '0' (normal
/// protocol), Z = the chosen baud rate character, Y = '0' (data readout).
/// </summary>
public static class ModeCRequests
{
    public const byte Ack = 0x06;

    /// <summary>Sign-on; the device address (up to 32 characters) is needed when several meters share a bus.</summary>
    public static byte[] SignOn(string? deviceAddress = null)
    {
        if (deviceAddress is not null && (deviceAddress.Length > 32 || !deviceAddress.All(char.IsAsciiLetterOrDigit)))
        {
            throw new ArgumentException($"IEC 62056-21 device address '{deviceAddress}' must be at most 32 characters of 0-9, A-Z, a-z.", nameof(deviceAddress));
        }

        return Encoding.ASCII.GetBytes($"/?{deviceAddress}!\r\n");
    }

    public static byte[] DataReadoutAcknowledgement(byte baudRateCharacter) =>
        [Ack, (byte)'0', baudRateCharacter, (byte)'0', (byte)'\r', (byte)'\n'];
}
