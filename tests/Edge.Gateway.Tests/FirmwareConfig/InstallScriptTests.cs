using System.Diagnostics;
using Edge.Gateway.Tests.Support;

namespace Edge.Gateway.Tests.FirmwareConfig;

/// <summary>firmware-config/install.sh --dry-run lists every action a real install takes, and refuses bad input.</summary>
public sealed class InstallScriptTests : IDisposable
{
    private readonly string _publish = Directory.CreateTempSubdirectory("edge-install-").FullName;

    public InstallScriptTests()
    {
        // A publish output as scripts/publish-gateway.sh leaves it: the executable and the native libraries.
        File.WriteAllText(Path.Combine(_publish, "edge"), "#!/bin/sh\n");
        File.SetUnixFileMode(Path.Combine(_publish, "edge"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.WriteAllText(Path.Combine(_publish, "libonnxruntime.so"), "");
        File.WriteAllText(Path.Combine(_publish, "libe_sqlite3.so"), "");
    }

    [Fact]
    public void A_dry_run_lists_the_user_the_files_the_unit_and_the_service_start()
    {
        var (exit, output, _) = Install("--from", _publish, "--dry-run");

        Assert.Equal(0, exit);
        var actions = output.Split('\n').Where(l => l.StartsWith("action: ", StringComparison.Ordinal)).Select(l => l["action: ".Length..]).ToList();
        var firmware = RepositoryRoot.Path("firmware-config");
        string[] expected =
        [
            $"install -m 0755 {_publish}/edge /opt/edge/edge",
            $"install -m 0644 {_publish}/libe_sqlite3.so /opt/edge/libe_sqlite3.so",
            $"install -m 0644 {_publish}/libonnxruntime.so /opt/edge/libonnxruntime.so",
            $"install -d -m 0750 -o edge-gateway -g edge-gateway /var/lib/edge",
            $"install -m 0644 {firmware}/99-edge-meters.rules /etc/udev/rules.d/99-edge-meters.rules",
            $"install -m 0644 {firmware}/edge-gateway.service /etc/systemd/system/edge-gateway.service",
            "systemctl daemon-reload",
            "systemctl enable --now edge-gateway.service",
        ];
        foreach (var action in expected)
        {
            Assert.Contains(action, actions);
        }

        // The user exists on a gateway that had it before; on a fresh system it is created with both device groups.
        Assert.True(
            actions.Any(a => a.StartsWith("useradd --system", StringComparison.Ordinal) && a.Contains("--groups gpio,dialout", StringComparison.Ordinal) && a.EndsWith(" edge-gateway", StringComparison.Ordinal))
            || output.Contains("skip: user edge-gateway exists", StringComparison.Ordinal));
        // A fresh config, or the site's config kept and the example put beside it.
        Assert.True(
            actions.Contains($"install -m 0640 -o root -g edge-gateway {firmware}/gateway.example.json /etc/edge/gateway.json")
            || actions.Contains($"install -m 0640 -o root -g edge-gateway {firmware}/gateway.example.json /etc/edge/gateway.example.json"));
        // Enabling comes last, once every file it needs is in place.
        Assert.Equal("systemctl enable --now edge-gateway.service", actions[^1]);
        Assert.Contains("dry run, nothing was changed", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_installed_paths_are_the_ones_the_unit_uses()
    {
        var unit = SystemdUnitFile.Parse(File.ReadAllText(RepositoryRoot.Path("firmware-config", "edge-gateway.service")));
        var (_, output, _) = Install("--from", _publish, "--dry-run");

        Assert.Contains($" {unit.Value("Service", "ExecStart").Split(' ')[0]}\n", output, StringComparison.Ordinal);
        Assert.Contains($" {unit.Value("Service", "ReadWritePaths")}\n", output, StringComparison.Ordinal);
        Assert.Contains($"-o {unit.Value("Service", "User")} ", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_trusted_key_that_is_not_a_public_key_is_refused_before_any_action()
    {
        var notAKey = Path.Combine(_publish, "key.pub");
        File.WriteAllText(notAKey, "hello");

        var (exit, output, error) = Install("--from", _publish, "--trusted-key", notAKey, "--dry-run");

        Assert.NotEqual(0, exit);
        Assert.DoesNotContain("action:", output, StringComparison.Ordinal);
        Assert.Contains($"{notAKey}: not a PEM public key", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_publish_folder_without_onnx_runtime_is_refused()
    {
        File.Delete(Path.Combine(_publish, "libonnxruntime.so"));

        var (exit, output, error) = Install("--from", _publish, "--dry-run");

        Assert.NotEqual(0, exit);
        Assert.DoesNotContain("action:", output, StringComparison.Ordinal);
        Assert.Contains("libonnxruntime.so: missing", error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_publish, recursive: true);

    private static (int Exit, string Output, string Error) Install(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(RepositoryRoot.Path("firmware-config", "install.sh"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)), "install.sh --dry-run did not finish within a minute");
        return (process.ExitCode, output, error.Result);
    }
}
