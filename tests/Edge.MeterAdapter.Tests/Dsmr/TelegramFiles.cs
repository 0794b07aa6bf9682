using System.Runtime.CompilerServices;
using System.Text;

namespace Edge.MeterAdapter.Tests.Dsmr;

/// <summary>Golden telegrams from Dsmr/Telegrams (see the README there for how they were written and their CRCs).</summary>
internal static class TelegramFiles
{
    public static byte[] Load(string name, [CallerFilePath] string here = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(here)!, "Telegrams", name);
        var text = File.ReadAllText(path, Encoding.ASCII).Replace("\r\n", "\n", StringComparison.Ordinal);
        return Encoding.ASCII.GetBytes(text.Replace("\n", "\r\n", StringComparison.Ordinal));
    }

    /// <summary>Telegram text with LF line ends to bytes with CR LF, as on the wire.</summary>
    public static byte[] Crlf(string text) =>
        Encoding.ASCII.GetBytes(text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal));
}
