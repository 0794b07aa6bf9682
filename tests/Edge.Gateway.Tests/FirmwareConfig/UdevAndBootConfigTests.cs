using Edge.Gateway.Tests.Support;

namespace Edge.Gateway.Tests.FirmwareConfig;

/// <summary>firmware-config/99-edge-meters.rules and config.txt.fragment parse and do what the gateway relies on.</summary>
public sealed class UdevAndBootConfigTests
{
    private static readonly IReadOnlyList<UdevRule> Rules =
        UdevRule.ParseFile(File.ReadAllText(RepositoryRoot.Path("firmware-config", "99-edge-meters.rules")));

    [Fact]
    public void Every_rule_matches_a_tty_and_links_a_meter_name_readable_by_dialout()
    {
        Assert.NotEmpty(Rules);
        foreach (var rule in Rules)
        {
            Assert.True(rule.Pairs.Any(p => p.IsMatch), $"line {rule.Line}: a rule without a match key applies to every device");
            Assert.True(
                rule.Values("KERNEL").Any(k => k.StartsWith("tty", StringComparison.Ordinal)) || rule.Values("SUBSYSTEM").Contains("tty"),
                $"line {rule.Line}: must match a tty device");
            var link = Assert.Single(rule.Pairs, p => p.Key == "SYMLINK");
            Assert.Equal("+=", link.Operator);
            Assert.Matches("^meter-[a-z0-9-]+$", link.Value);
            Assert.Equal("dialout", Assert.Single(rule.Values("GROUP")));
            Assert.Equal("0660", Assert.Single(rule.Values("MODE")));
        }
    }

    [Fact]
    public void Meter_names_are_unique()
    {
        var links = Rules.SelectMany(r => r.Values("SYMLINK")).ToList();
        Assert.Equal(links.Count, links.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void The_boot_fragment_frees_the_uart_and_nothing_else()
    {
        var settings = new List<string>();
        var lines = File.ReadAllLines(RepositoryRoot.Path("firmware-config", "config.txt.fragment"));
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            // config.txt lines are [filter] sections or name=value settings (Raspberry Pi documentation, config.txt).
            Assert.True(
                System.Text.RegularExpressions.Regex.IsMatch(line, @"^(\[[a-z0-9]+\]|[a-z_]+=[A-Za-z0-9_,=-]+)$"),
                $"config.txt.fragment line {i + 1}: '{line}' is neither [filter] nor name=value");
            if (line[0] != '[')
            {
                settings.Add(line);
            }
        }

        Assert.Equal(["enable_uart=1", "dtoverlay=disable-bt"], settings);
    }
}
