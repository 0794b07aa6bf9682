using Edge.Runtime.Ingest;
using Microsoft.Extensions.Logging;

namespace Edge.Gateway.Hosting;

/// <summary>
/// What a caller may swap when building the host: the clock (the demo runs accelerated time), the hardware (pseudo
/// terminals, simulated GPIO) or the meter sources themselves. Defaults are the real thing.
/// </summary>
public sealed record GatewayHostOptions
{
    public TimeProvider Time { get; init; } = TimeProvider.System;

    public MeterHardware Hardware { get; init; } = MeterHardware.Linux;

    /// <summary>Replaces the sources built from the config's meters (the config's meters still name the meters).</summary>
    public Func<IServiceProvider, IReadOnlyList<IMeterSource>>? MeterSources { get; init; }

    /// <summary>How long a stop may spend flushing queued readings into a failing store before giving up on them.</summary>
    public TimeSpan FlushTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Least severe log level written; the demo keeps the console for its own story.</summary>
    public LogLevel MinimumLogLevel { get; init; } = LogLevel.Information;
}
