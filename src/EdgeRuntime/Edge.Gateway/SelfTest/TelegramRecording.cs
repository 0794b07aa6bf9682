using Edge.MeterAdapter.Readings;

namespace Edge.Gateway.SelfTest;

/// <summary>
/// Bytes one meter put on the wire (recorded from the simulator, src/MeterAdapter/Edge.MeterSim) and the reading a
/// correct decoder makes of them, as a <see cref="ReadingLine"/>.
/// </summary>
public sealed record TelegramRecording(string Name, MeterProtocol Protocol, byte[] Bytes, string ExpectedLine);
