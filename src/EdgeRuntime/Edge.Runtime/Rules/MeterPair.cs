namespace Edge.Runtime.Rules;

/// <summary>
/// An S0 pulse meter and the register meter behind the same supply (<c>meters[i].s0.pairedMeterId</c> in the config):
/// both should count the same energy.
/// </summary>
public sealed record MeterPair(string PulseMeterId, string RegisterMeterId);
