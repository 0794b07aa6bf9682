using Edge.MeterAdapter.Transport;

namespace Edge.MeterAdapter.Tests.Transport;

/// <summary>The termios serial device on real pseudo-terminals: the slave is the "serial port", the master the meter.</summary>
public sealed class TermiosSerialDeviceTests : IDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    private readonly string _dir = Directory.CreateTempSubdirectory("edge-termios-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_read_returns_the_bytes_that_arrived_and_0_when_none_arrive_within_the_poll_interval()
    {
        using var pty = PseudoTerminal.Open();
        using ISerialLink link = new TermiosSerialDevice(pty.SlavePath, Poll).Open(SerialSettings.Dsmr5);
        byte[] buffer = new byte[64];

        Assert.Equal(0, link.Read(buffer));

        pty.Master.Write("/ISK5\r\n"u8);
        Assert.Equal("/ISK5\r\n"u8.ToArray(), SerialLinkReading.ReadExactly(link, 7));
        Assert.Equal(0, link.Read(buffer));
    }

    [Fact]
    public void Written_bytes_reach_the_other_end_and_drain_returns()
    {
        using var pty = PseudoTerminal.Open();
        using ISerialLink link = new TermiosSerialDevice(pty.SlavePath, Poll).Open(SerialSettings.Iec62056Start);
        byte[] ack = [0x06, (byte)'0', (byte)'5', (byte)'0', 0x0D, 0x0A]; // IEC 62056-21 option select: ACK 0 Z 0 CR LF

        link.Write(ack);
        link.Drain();

        byte[] received = new byte[ack.Length];
        pty.Master.ReadExactly(received);
        Assert.Equal(ack, received);
    }

    [Theory]
    [InlineData(115200, 8, Parity.None, StopBits.One)]
    [InlineData(9600, 7, Parity.Even, StopBits.One)]
    [InlineData(300, 7, Parity.Even, StopBits.One)]
    [InlineData(2400, 8, Parity.None, StopBits.One)]
    [InlineData(19200, 8, Parity.Odd, StopBits.Two)]
    [InlineData(57600, 7, Parity.Mark, StopBits.One)]
    [InlineData(1200, 8, Parity.Space, StopBits.Two)]
    public void The_framing_is_what_stty_reads_back_from_the_tty(int baud, int dataBits, Parity parity, StopBits stopBits)
    {
        using var pty = PseudoTerminal.Open();
        using ISerialLink link = new TermiosSerialDevice(pty.SlavePath, Poll).Open(new SerialSettings(baud, dataBits, parity, stopBits));

        SttySettings tty = SttySettings.Of(pty.SlavePath);

        Assert.Equal(baud, tty.Speed);
        Assert.Equal(stopBits == StopBits.Two, tty.Has("cstopb"));
        Assert.Equal(parity is Parity.Odd or Parity.Mark, tty.Has("parodd"));
        Assert.Equal(parity is Parity.Mark or Parity.Space, tty.Has("cmspar"));
        Assert.Equal(parity != Parity.None, tty.Has("inpck"));
        // The Linux pty driver forces cs8, cread and -parenb whatever is set (drivers/tty/pty.c, pty_set_termios): on a
        // pty stty cannot show data bits and parity enable, so TermiosFramingTests checks them on the flag word itself.
        Assert.True(tty.Has("cs8"));

        // Receiver on, modem lines ignored, no flow control, raw, reads that never wait in the driver.
        Assert.True(tty.Has("cread"));
        Assert.True(tty.Has("clocal"));
        Assert.False(tty.Has("crtscts"));
        Assert.False(tty.Has("ixon"));
        Assert.False(tty.Has("ixoff"));
        Assert.False(tty.Has("icanon"));
        Assert.False(tty.Has("echo"));
        Assert.False(tty.Has("icrnl"));
        Assert.False(tty.Has("opost"));
        Assert.Equal(0, tty.Min);
        Assert.Equal(0, tty.Time);
    }

    [Fact]
    public async Task An_IEC_baud_switch_reopens_the_tty_at_the_new_rate()
    {
        using var pty = PseudoTerminal.Open();
        using var transport = new SerialTransport(
            new TermiosSerialDevice(pty.SlavePath, Poll), SerialSettings.Iec62056Start, new SerialTransportOptions(), TimeProvider.System);

        await transport.WriteAsync("/?!\r\n"u8.ToArray(), CancellationToken.None);
        Assert.Equal(300, SttySettings.Of(pty.SlavePath).Speed);

        transport.SwitchBaudRate(9600);
        pty.Master.Write([0x02]);
        Assert.Equal(1, await ReadSomething(transport));

        SttySettings tty = SttySettings.Of(pty.SlavePath);
        Assert.Equal(9600, tty.Speed);
        Assert.True(tty.Has("inpck")); // still 7E1
        Assert.Equal(2, transport.Status.Opens);
    }

    [Fact]
    public void A_read_on_a_tty_whose_other_end_closed_throws_an_IOException_naming_the_device()
    {
        var pty = PseudoTerminal.Open();
        string path = pty.SlavePath;
        using ISerialLink link = new TermiosSerialDevice(path, Poll).Open(SerialSettings.Dsmr5);

        pty.Dispose();

        var error = Assert.Throws<IOException>(() => link.Read(new byte[16]));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_vanished_device_is_reopened_with_backoff_when_it_comes_back()
    {
        // Like /dev/serial/by-id/...: a symlink that udev removes on unplug and recreates, to a new tty, on replug.
        string device = Path.Combine(_dir, "ttyP1");
        var first = PseudoTerminal.Open();
        File.CreateSymbolicLink(device, first.SlavePath);
        var options = new SerialTransportOptions
        {
            SilenceWindow = TimeSpan.FromMinutes(10),
            InitialBackoff = TimeSpan.FromMilliseconds(20),
            MaxBackoff = TimeSpan.FromMilliseconds(80),
        };
        var states = new List<SerialTransportState>();
        using var transport = new SerialTransport(new TermiosSerialDevice(device, Poll), SerialSettings.Dsmr5, options, TimeProvider.System);
        transport.StateChanged += change =>
        {
            lock (states)
            {
                states.Add(change.Current);
            }
        };
        first.Master.Write("a"u8);
        Assert.Equal(1, await ReadSomething(transport));

        // Unplug: the other end closes and the node disappears. The read that notices goes on retrying until data comes.
        first.Dispose();
        File.Delete(device);
        Task<int> reading = ReadSomething(transport);
        Eventually.True(() => transport.Status.State == SerialTransportState.DeviceMissing, "the missing node is reported");
        Assert.Equal(1, transport.Status.ReadErrors);
        Eventually.True(() => transport.Status.OpenFailures >= 3, "open retried with backoff while the node is missing");
        Assert.False(reading.IsCompleted);

        // Replug: a new tty behind the same name.
        using var second = PseudoTerminal.Open();
        File.CreateSymbolicLink(device, second.SlavePath);
        second.Master.Write("bc"u8);
        Assert.Equal(2, await reading);

        Assert.Equal(SerialTransportState.Connected, transport.Status.State);
        Assert.Equal(2, transport.Status.Opens);
        lock (states)
        {
            Assert.Equal([SerialTransportState.Connected, SerialTransportState.Reopening, SerialTransportState.DeviceMissing], states.Take(3));
            Assert.Equal(SerialTransportState.Connected, states[^1]);
        }
    }

    [Fact]
    public void Opening_and_disposing_leaves_no_descriptor_behind_even_when_the_open_fails()
    {
        using var pty = PseudoTerminal.Open();
        var device = new TermiosSerialDevice(pty.SlavePath, Poll);
        string notATty = Path.Combine(_dir, "plain-file");
        File.WriteAllText(notATty, "not a terminal");
        // The pty object holds one descriptor of its slave itself.
        Assert.Equal(1, DescriptorsOpenOn(pty.SlavePath));

        for (int i = 0; i < 20; i++)
        {
            using (ISerialLink link = device.Open(i % 2 == 0 ? SerialSettings.Dsmr5 : SerialSettings.Dsmr2))
            {
                Assert.Equal(2, DescriptorsOpenOn(pty.SlavePath));
                link.Read(new byte[8]);
            }

            Assert.Throws<ArgumentException>(() => device.Open(SerialSettings.Dsmr5.WithBaudRate(12345)));
            Assert.Throws<IOException>(() => new TermiosSerialDevice(notATty, Poll).Open(SerialSettings.Dsmr5));
        }

        Assert.Equal(1, DescriptorsOpenOn(pty.SlavePath));
        Assert.Equal(0, DescriptorsOpenOn(notATty));
    }

    [Fact]
    public void A_link_used_after_dispose_throws_an_IOException()
    {
        using var pty = PseudoTerminal.Open();
        ISerialLink link = new TermiosSerialDevice(pty.SlavePath, Poll).Open(SerialSettings.Dsmr5);
        link.Dispose();

        Assert.Throws<IOException>(() => link.Read(new byte[8]));
        Assert.Throws<IOException>(() => link.Write([1]));
    }

    /// <summary>Descriptors of this process whose target is <paramref name="path"/> (/proc/self/fd; other tests' files do not count).</summary>
    private static int DescriptorsOpenOn(string path) =>
        Directory.EnumerateFileSystemEntries("/proc/self/fd")
            .Count(fd =>
            {
                try
                {
                    return new FileInfo(fd).LinkTarget == path;
                }
                catch (IOException)
                {
                    return false; // closed since it was listed
                }
            });

    private static async Task<int> ReadSomething(SerialTransport transport)
    {
        await Task.Yield(); // the caller goes on while this reads
        byte[] buffer = new byte[64];
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        int read;
        while ((read = await transport.ReadAsync(buffer, limit.Token)) == 0)
        {
        }

        return read;
    }
}
