using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Edge.Runtime.Tests.Uplink;

/// <summary>
/// A real Mosquitto broker on 127.0.0.1 on a port that was free when the fixture was made, with a generated minimal
/// config (anonymous, no persistence, optionally TLS). <see cref="Start"/> and <see cref="Kill"/> may be repeated on the same port to
/// play a broker restart. Killed when disposed.
/// </summary>
internal sealed class Mosquitto : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("edge-mosquitto-").FullName;
    private readonly string _executable;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _log = new();
    private Process? _process;

    /// <param name="tls">Certificate and key PEM files: the listener then speaks TLS only.</param>
    public Mosquitto((string CertificateFile, string KeyFile)? tls = null)
    {
        _executable = Locate() ?? throw new InvalidOperationException(
            "mosquitto is not installed: the uplink tests need a real MQTT broker. " +
            "Install it with `apt-get install -y mosquitto` (.ci/run installs it when missing).");
        // Started as root, mosquitto drops to the "mosquitto" user: its config and TLS files must be readable by others.
        ReadableByBroker(_dir);
        if (tls is { } files)
        {
            ReadableByBroker(Path.GetDirectoryName(files.CertificateFile)!);
            ReadableByBroker(files.CertificateFile);
            ReadableByBroker(files.KeyFile);
        }

        Port = FreePort();
        ConfigPath = Path.Combine(_dir, "mosquitto.conf");
        File.WriteAllText(ConfigPath, $"""
            listener {Port} 127.0.0.1
            allow_anonymous true
            persistence false
            log_dest stderr

            """ + (tls is { } t ? $"certfile {t.CertificateFile}\nkeyfile {t.KeyFile}\n" : string.Empty));
    }

    public int Port { get; }

    public string ConfigPath { get; }

    public bool IsRunning => Volatile.Read(ref _process) is not null;

    /// <summary>Starts the broker and returns once it accepts TCP connections.</summary>
    public async Task StartAsync()
    {
        if (_process is not null)
        {
            throw new InvalidOperationException("mosquitto is already running");
        }

        var start = new ProcessStartInfo(_executable, ["-c", ConfigPath])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {_executable}");
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _log.Enqueue(e.Data);
            }
        };
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        var process = _process;
        await Poll.UntilAsync(() => process.HasExited || Accepts(Port), $"mosquitto listening on 127.0.0.1:{Port}");
        if (process.HasExited)
        {
            process.WaitForExit(); // drains the redirected output
            throw new InvalidOperationException(
                $"mosquitto exited at start with code {process.ExitCode} (config {ConfigPath}): {string.Join(" | ", _log)}");
        }
    }

    /// <summary>kill -9: the broker dies without a goodbye to its clients, as on a power cut.</summary>
    public void Kill()
    {
        if (_process is null)
        {
            return;
        }

        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
        Volatile.Write(ref _process, null);
    }

    public void Dispose()
    {
        Kill();
        Directory.Delete(_dir, recursive: true);
    }

    private static string? Locate()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        var dirs = path.Split(':', StringSplitOptions.RemoveEmptyEntries).Concat(["/usr/sbin", "/usr/local/sbin", "/sbin"]);
        return dirs.Select(d => Path.Combine(d, "mosquitto")).FirstOrDefault(File.Exists);
    }

    private static void ReadableByBroker(string path)
    {
        var read = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        var search = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        File.SetUnixFileMode(path, Directory.Exists(path) ? read | search : read);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool Accepts(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
