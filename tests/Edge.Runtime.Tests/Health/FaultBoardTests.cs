using Edge.Runtime.Health;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Runtime.Tests.Health;

public sealed class FaultBoardTests
{
    [Fact]
    public void AFaultKeepsItsFirstTimeAndLatestMessageUntilCleared()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
        var board = new FaultBoard(clock);

        board.Report("storage", "disk full");
        clock.Advance(TimeSpan.FromMinutes(5));
        board.Report("storage", "disk full (12 readings waiting)");
        board.Report("meter:a", "no bytes for 30 s");

        var faults = board.Snapshot();
        Assert.Equal(["meter:a", "storage"], faults.Select(f => f.Component));
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero), faults[1].Since);
        Assert.Equal("disk full (12 readings waiting)", faults[1].Message);

        Assert.True(board.Clear("storage"));
        Assert.False(board.Clear("storage"));
        Assert.False(board.Has("storage"));
        Assert.True(board.Has("meter:a"));
    }
}
