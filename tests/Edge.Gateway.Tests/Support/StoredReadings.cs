using Edge.MeterAdapter.Readings;
using Edge.Runtime.Health;

namespace Edge.Gateway.Tests;

/// <summary>Tests that set a meter's status directly: a committed reading with only a time and, optionally, the current per phase.</summary>
internal static class StoredReadings
{
    public static void Stored(this MeterStatus status, DateTimeOffset gatewayTime, IReadOnlyList<double?>? currentA = null) =>
        status.Stored(new MeterReading
        {
            MeterId = status.MeterId,
            Protocol = MeterProtocol.DsmrP1,
            GatewayTime = gatewayTime,
            Instant = new InstantaneousValues { CurrentA = currentA ?? [] },
        });
}
