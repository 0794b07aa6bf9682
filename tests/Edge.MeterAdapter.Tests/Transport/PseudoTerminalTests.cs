using System.Text;
using Edge.MeterAdapter.Transport;

namespace Edge.MeterAdapter.Tests.Transport;

public sealed class PseudoTerminalTests
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    [Theory]
    [InlineData(115200, 8, Parity.None)]
    [InlineData(9600, 7, Parity.Even)]
    public void Bytes_cross_the_pty_in_both_directions_with_a_serial_link_on_the_slave(int baud, int dataBits, Parity parity)
    {
        using var pty = PseudoTerminal.Open();
        using ISerialLink link = new TermiosSerialDevice(pty.SlavePath, Poll).Open(new SerialSettings(baud, dataBits, parity, StopBits.One));

        // CR LF must pass unchanged: raw mode, no line discipline (DSMR lines end in CR LF, IEC frames too).
        byte[] meterToGateway = Encoding.ASCII.GetBytes("/ISk5\\2MT382-1000\r\n\r\n1-0:1.8.1(000123.456*kWh)\r\n!1234\r\n");
        pty.Master.Write(meterToGateway);
        Assert.Equal(meterToGateway, SerialLinkReading.ReadExactly(link, meterToGateway.Length));

        byte[] gatewayToMeter = [0x2F, 0x3F, 0x21, 0x0D, 0x0A, 0x06, 0x30, 0x35, 0x30, 0x0D, 0x0A];
        link.Write(gatewayToMeter);
        byte[] back = new byte[gatewayToMeter.Length];
        pty.Master.ReadExactly(back);
        Assert.Equal(gatewayToMeter, back);
    }

    [Fact]
    public void A_link_on_the_slave_can_be_closed_and_reopened_with_other_framing()
    {
        using var pty = PseudoTerminal.Open();
        var device = new TermiosSerialDevice(pty.SlavePath, Poll);
        device.Open(SerialSettings.Dsmr5).Dispose();

        using ISerialLink second = device.Open(SerialSettings.Dsmr2);
        pty.Master.Write("abc"u8);
        Assert.Equal("abc"u8.ToArray(), SerialLinkReading.ReadExactly(second, 3));
    }

    [Fact]
    public void Slave_path_is_a_device_node_that_disappears_after_dispose()
    {
        string path;
        using (var pty = PseudoTerminal.Open())
        {
            path = pty.SlavePath;
            Assert.StartsWith("/dev/pts/", path, StringComparison.Ordinal);
            Assert.True(File.Exists(path));
        }

        Assert.False(File.Exists(path));
    }
}
