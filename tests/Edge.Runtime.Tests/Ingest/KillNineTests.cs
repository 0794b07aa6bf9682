using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Edge.Runtime.Storage;
using Edge.Runtime.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Edge.Runtime.Tests.Ingest;

/// <summary>
/// Issue 6 reliability: kill -9 at random moments while 200 readings/s are being ingested, 20 times; after each
/// restart no acknowledged reading is missing and integrity_check passes. The child is the real pipeline (writer +
/// ReadingStore, WAL, synchronous=FULL) in the Edge.IngestHarness process, which prints "ack N" after each commit.
/// The daemon-level check (the NativeAOT `edge run` killed mid-upkeep, mid-scoring and mid-alert-write) lives in bench/gateway/kill-daemon.py.
/// </summary>
public sealed class KillNineTests : IDisposable
{
    private const int Rounds = 20;

    private readonly string _dir = Directory.CreateTempSubdirectory("edge-kill9-").FullName;

    [Fact]
    public async Task No_acknowledged_reading_is_lost_across_twenty_kill_minus_nine_restarts()
    {
        var database = Path.Combine(_dir, "gateway.db");
        var random = new Random(20261124);
        var acknowledged = new HashSet<long>();
        for (var round = 0; round < Rounds; round++)
        {
            // Every fifth round kills shortly after start (while the database is being opened or the first batch
            // written); the others after a random number of acknowledgements, i.e. at a random point of the commit cycle.
            var killEarly = round % 5 == 4;
            var acksBeforeKill = killEarly ? 0 : random.Next(1, 200);
            var acks = await RunAndKill(database, acksBeforeKill, killEarly ? random.Next(0, 300) : 0);
            acknowledged.UnionWith(acks);

            using var store = ReadingStore.Open(new ReadingStoreOptions { DatabasePath = database });
            Assert.Equal("ok", store.IntegrityCheck());
            var stored = StoredNumbers(database);
            var missing = acknowledged.Where(n => !stored.Contains(n)).Take(5).ToList();
            Assert.True(missing.Count == 0, $"round {round}: acknowledged readings missing after kill -9: {string.Join(", ", missing)}");
            Assert.Equal(stored.Count, stored.Distinct().Count());
        }

        Assert.True(acknowledged.Count >= Rounds, $"only {acknowledged.Count} readings were acknowledged in {Rounds} rounds");
    }

    /// <summary>Starts the harness, waits for <paramref name="acks"/> acknowledgements (and <paramref name="extraMs"/>), SIGKILLs it; returns every acknowledged number it printed.</summary>
    private static async Task<List<long>> RunAndKill(string database, int acks, int extraMs)
    {
        var harness = Path.Combine(AppContext.BaseDirectory, "Edge.IngestHarness.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(harness);
        start.ArgumentList.Add(database);
        var lines = new ConcurrentQueue<string>();
        using var child = new Process { StartInfo = start };
        child.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lines.Enqueue(e.Data);
            }
        };
        child.Start();
        child.BeginOutputReadLine();
        _ = child.StandardError.ReadToEndAsync();
        if (acks > 0)
        {
            await Eventually.True(() => lines.Count(l => l.StartsWith("ack ", StringComparison.Ordinal)) >= acks || child.HasExited, $"{acks} readings are acknowledged");
            Assert.False(child.HasExited, "the harness exited by itself: " + string.Join(" | ", lines));
        }
        else
        {
            await Task.Delay(extraMs);
        }

        child.Kill(); // SIGKILL on Unix: no flush, no finally, no disposal.
        await child.WaitForExitAsync();

        // A line is printed only after its reading's commit; a torn last line (no newline yet) is not delivered as a line.
        return [.. lines.Where(l => l.StartsWith("ack ", StringComparison.Ordinal)).Select(l => long.Parse(l.AsSpan(4), CultureInfo.InvariantCulture))];
    }

    private static List<long> StoredNumbers(string database)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT import_total_wh FROM readings WHERE meter_id = 'soak'";
        using var reader = query.ExecuteReader();
        var numbers = new List<long>();
        while (reader.Read())
        {
            numbers.Add(reader.GetInt64(0));
        }

        return numbers;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
