namespace Edge.Runtime.Uplink;

/// <summary>One bad uplink setting: its key in the config's "uplink" section and what is wrong with it.</summary>
public sealed record UplinkOptionProblem(string Key, string Message)
{
    public override string ToString() => $"uplink.{Key}: {Message}";
}
