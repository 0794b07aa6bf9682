using Edge.Gateway.Tests.Support;

namespace Edge.Gateway.Tests.FirmwareConfig;

/// <summary>firmware-config/edge-gateway.service: the keys systemd.service(5) and systemd.exec(5) need for the daemon.</summary>
public sealed class SystemdUnitTests
{
    private static readonly SystemdUnitFile Unit =
        SystemdUnitFile.Parse(File.ReadAllText(RepositoryRoot.Path("firmware-config", "edge-gateway.service")));

    [Fact]
    public void Has_the_unit_service_and_install_sections_only()
    {
        Assert.Equal(["Unit", "Service", "Install"], Unit.Sections);
        Assert.Equal("multi-user.target", Unit.Value("Install", "WantedBy"));
    }

    [Fact]
    public void The_daemon_notifies_readiness_and_is_watched()
    {
        Assert.Equal("notify", Unit.Value("Service", "Type"));
        Assert.Contains(Unit.Value("Service", "NotifyAccess"), new[] { "main", "exec", "all" });
        Assert.Equal("on-failure", Unit.Value("Service", "Restart"));
        Assert.True(SystemdSeconds(Unit.Value("Service", "WatchdogSec")) > 0, "WatchdogSec must be a positive time span");
    }

    [Fact]
    public void Runs_as_a_dedicated_user_with_the_gpio_and_dialout_groups()
    {
        Assert.Equal("edge-gateway", Unit.Value("Service", "User"));
        var groups = Unit.Value("Service", "SupplementaryGroups").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("gpio", groups);
        Assert.Contains("dialout", groups);
    }

    [Fact]
    public void The_file_system_is_read_only_except_the_data_directory()
    {
        Assert.Equal("strict", Unit.Value("Service", "ProtectSystem"));
        Assert.Equal("true", Unit.Value("Service", "NoNewPrivileges"));
        Assert.Equal("true", Unit.Value("Service", "PrivateTmp"));
        Assert.Equal("true", Unit.Value("Service", "ProtectHome"));
        Assert.Equal(["/var/lib/edge"], Unit.Value("Service", "ReadWritePaths").Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Starts_the_installed_binary_with_the_installed_config()
    {
        var command = Unit.Value("Service", "ExecStart").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("/opt/edge/edge", command[0]);
        Assert.Equal("/etc/edge/gateway.json", command[Array.IndexOf(command, "--config") + 1]);
    }

    /// <summary>A systemd time span (systemd.time(7)): "30", "30s", "1min 30s", "500ms".</summary>
    private static double SystemdSeconds(string span)
    {
        var total = 0.0;
        foreach (System.Text.RegularExpressions.Match part in System.Text.RegularExpressions.Regex.Matches(span, @"(\d+(?:\.\d+)?)\s*(ms|s|sec|min|m|h)?"))
        {
            var value = double.Parse(part.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            total += part.Groups[2].Value switch
            {
                "ms" => value / 1000,
                "min" or "m" => value * 60,
                "h" => value * 3600,
                _ => value,
            };
        }

        Assert.Matches(@"^(\s*\d+(\.\d+)?\s*(ms|s|sec|min|m|h)?)+$", span);
        return total;
    }
}
