namespace Edge.Gateway.SelfTest;

/// <summary>Decodes every recording and compares the reading with the one the meter meant to send.</summary>
public static class RecordingSelfTest
{
    public static void Run(IEnumerable<TelegramRecording> recordings, SelfTestReport report)
    {
        ArgumentNullException.ThrowIfNull(recordings);
        ArgumentNullException.ThrowIfNull(report);
        foreach (var recording in recordings)
        {
            var (reading, problem) = RecordedTelegramDecoder.Decode(recording);
            if (reading is null)
            {
                report.Check("decode", $"recording={recording.Name} rejected", passed: false);
                report.Comment($"{recording.Name}: {problem}");
                continue;
            }

            var line = ReadingLine.Format(reading);
            report.Check("decode", $"recording={recording.Name} {line}", passed: line == recording.ExpectedLine);
            if (line != recording.ExpectedLine)
            {
                report.Comment($"{recording.Name} expected: {recording.ExpectedLine}");
            }
        }
    }
}
