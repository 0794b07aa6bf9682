using System.IO.Ports;
using System.Text;
using Edge.MeterAdapter.Transport;

namespace Edge.MeterAdapter.Tests.Transport;

public sealed class PseudoTerminalTests
{
    [Theory]
    [InlineData(115200, 8, Parity.None)]
    [InlineData(9600, 7, Parity.Even)]
    public void Bytes_cross_the_pty_in_both_directions_with_a_serial_port_on_the_slave(int baud, int dataBits, Parity parity)
    {
        using var pty = PseudoTerminal.Open();
        using var port = new SerialPort(pty.SlavePath, baud, parity, dataBits, StopBits.One) { ReadTimeout = 5000 };
        port.Open();

        // CR LF must pass unchanged: raw mode, no line discipline (DSMR lines end in CR LF, IEC frames too).
        byte[] meterToGateway = Encoding.ASCII.GetBytes("/ISk5\\2MT382-1000\r\n\r\n1-0:1.8.1(000123.456*kWh)\r\n!1234\r\n");
        pty.Master.Write(meterToGateway);
        byte[] received = ReadExactly(port, meterToGateway.Length);
        Assert.Equal(meterToGateway, received);

        byte[] gatewayToMeter = [0x2F, 0x3F, 0x21, 0x0D, 0x0A, 0x06, 0x30, 0x35, 0x30, 0x0D, 0x0A];
        port.Write(gatewayToMeter, 0, gatewayToMeter.Length);
        byte[] back = new byte[gatewayToMeter.Length];
        pty.Master.ReadExactly(back);
        Assert.Equal(gatewayToMeter, back);
    }

    [Fact]
    public void A_port_on_the_slave_can_be_closed_and_reopened_with_other_framing()
    {
        using var pty = PseudoTerminal.Open();
        using (var first = new SerialPort(pty.SlavePath, 115200, Parity.None, 8, StopBits.One))
        {
            first.Open();
        }

        using var second = new SerialPort(pty.SlavePath, 9600, Parity.Even, 7, StopBits.One) { ReadTimeout = 5000 };
        second.Open();
        pty.Master.Write("abc"u8);
        Assert.Equal("abc"u8.ToArray(), ReadExactly(second, 3));
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

    private static byte[] ReadExactly(SerialPort port, int count)
    {
        byte[] buffer = new byte[count];
        int filled = 0;
        while (filled < count)
        {
            filled += port.Read(buffer, filled, count - filled);
        }

        return buffer;
    }
}
