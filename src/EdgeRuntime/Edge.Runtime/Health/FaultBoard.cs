using System.Collections.Concurrent;

namespace Edge.Runtime.Health;

/// <summary>A condition that stops part of the gateway from doing its job, shown until its cause goes away.</summary>
public sealed record Fault(string Component, string Message, DateTimeOffset Since);

/// <summary>
/// The gateway's current faults, keyed by component ("meter:kitchen", "storage", "model"). Stages report a fault
/// when something fails and clear it when it works again; the technician page, the API and the metrics read it.
/// Thread-safe: stages run concurrently.
/// </summary>
public sealed class FaultBoard(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Fault> _faults = new(StringComparer.Ordinal);

    /// <summary>Records or updates a fault; <see cref="Fault.Since"/> keeps the first time it was seen.</summary>
    public void Report(string component, string message)
    {
        var now = time.GetUtcNow();
        _faults.AddOrUpdate(component, c => new Fault(c, message, now), (_, old) => old with { Message = message });
    }

    /// <summary>Removes the component's fault, if any; returns whether there was one.</summary>
    public bool Clear(string component) => _faults.TryRemove(component, out _);

    public bool Has(string component) => _faults.ContainsKey(component);

    /// <summary>The current faults, ordered by component.</summary>
    public IReadOnlyList<Fault> Snapshot() => [.. _faults.Values.OrderBy(f => f.Component, StringComparer.Ordinal)];
}
