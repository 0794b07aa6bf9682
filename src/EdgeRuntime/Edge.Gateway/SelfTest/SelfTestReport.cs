namespace Edge.Gateway.SelfTest;

/// <summary>
/// The self-test's output: one line per check, <c>check key=value ... status=pass|fail</c>, plus comment lines
/// ("# ...") for things that differ by platform or only explain a failure. Comparisons skip the comments.
/// </summary>
public sealed class SelfTestReport
{
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines => _lines;

    public int Checks { get; private set; }

    public int Failures { get; private set; }

    /// <summary>True when at least one check ran and none failed.</summary>
    public bool Passed => Checks > 0 && Failures == 0;

    public void Check(string check, string fields, bool passed)
    {
        Checks++;
        if (!passed)
        {
            Failures++;
        }

        _lines.Add($"{check} {fields} status={(passed ? "pass" : "fail")}");
    }

    public void Comment(string text) => _lines.Add($"# {text}");

    /// <summary>The closing line: how many checks ran and failed.</summary>
    public void Finish() => _lines.Add($"result checks={Checks} failed={Failures}");
}
