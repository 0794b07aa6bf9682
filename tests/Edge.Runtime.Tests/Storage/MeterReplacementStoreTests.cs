using Edge.Runtime.Daily;
using Edge.Runtime.Storage;
using Microsoft.Data.Sqlite;

namespace Edge.Runtime.Tests.Storage;

public sealed class MeterReplacementStoreTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    private readonly string _dir = Directory.CreateTempSubdirectory("edge-swaps-").FullName;

    private string DatabasePath => Path.Combine(_dir, "gateway.db");

    private MeterReplacementStore Open() => MeterReplacementStore.Open(new MeterReplacementStoreOptions { DatabasePath = DatabasePath, MeterIds = ["E1", "E2"] });

    private static ReplacementDeclaration Swap(string meter = "E1", DateTimeOffset? at = null, long oldFinal = 52_000, long newInitial = 0, string by = "Ana", string? note = null) =>
        new(meter, at ?? new DateTimeOffset(2026, 11, 23, 10, 30, 0, TimeSpan.FromHours(1)), oldFinal, newInitial, by, note);

    [Fact]
    public void A_declaration_round_trips_through_a_reopened_file_with_its_offsets()
    {
        var at = new DateTimeOffset(2026, 11, 23, 10, 30, 15, 250, TimeSpan.FromHours(1));
        var declaredAt = Now.ToOffset(TimeSpan.FromHours(-5));
        using (var store = Open())
        {
            var stored = store.Declare(Swap(at: at, note: "meter cracked, replaced by serial 4711"), declaredAt);
            Assert.Equal(new DeclaredReplacement(stored.Id, "E1", at, 52_000, 0, "Ana", declaredAt, "meter cracked, replaced by serial 4711"), stored);
            store.Declare(Swap(meter: "E2", at: at.AddDays(-2), oldFinal: 7, newInitial: 3, by: "  Bo  "), Now);
        }

        using var reopened = Open();
        var all = reopened.List();
        Assert.Equal(["E1", "E2"], all.Select(r => r.MeterId));
        Assert.Equal(at, all[0].At);
        Assert.Equal(TimeSpan.FromHours(1), all[0].At.Offset);
        Assert.Equal(declaredAt.Offset, all[0].DeclaredAt.Offset);
        Assert.Equal(("Bo", (string?)null, 7L, 3L), (all[1].DeclaredBy, all[1].Note, all[1].OldFinalWh, all[1].NewInitialWh));
        Assert.Equal([all[1]], reopened.List("E2"));
        Assert.Empty(reopened.List("E3"));
        Assert.Equal([new MeterReplacement("E1", at, 52_000, 0), new MeterReplacement("E2", at.AddDays(-2), 7, 3)], reopened.Replacements());
    }

    [Theory]
    [InlineData("E9", 0, 52_000, 0, "Ana", ReplacementRejection.UnknownMeter, "meterId")]
    [InlineData("E1", 1, 52_000, 0, "Ana", ReplacementRejection.Invalid, "at")]
    [InlineData("E1", 0, -1, 0, "Ana", ReplacementRejection.Invalid, "oldFinalWh")]
    [InlineData("E1", 0, 52_000, -5, "Ana", ReplacementRejection.Invalid, "newInitialWh")]
    [InlineData("E1", 0, 52_000, 0, " ", ReplacementRejection.Invalid, "by")]
    public void A_bad_declaration_is_refused_naming_its_field_and_nothing_is_stored(
        string meter, int secondsAfterNow, long oldFinal, long newInitial, string by, ReplacementRejection reason, string field)
    {
        using var store = Open();

        var e = Assert.Throws<ReplacementRejectedException>(() => store.Declare(Swap(meter, Now.AddSeconds(secondsAfterNow), oldFinal, newInitial, by), Now));

        Assert.Equal((reason, field), (e.Reason, e.Field));
        Assert.StartsWith(field + ": ", e.Message, StringComparison.Ordinal);
        Assert.Empty(store.List());
    }

    [Fact]
    public void The_same_swap_twice_is_refused_with_the_first_one_named()
    {
        using var store = Open();
        var first = store.Declare(Swap(), Now);

        // The same instant written in another offset is the same swap.
        var e = Assert.Throws<ReplacementRejectedException>(() => store.Declare(Swap(at: first.At.ToUniversalTime(), oldFinal: 60_000, by: "Bo"), Now));

        Assert.Equal(ReplacementRejection.Duplicate, e.Reason);
        Assert.Equal($"at: meter E1 already has a replacement declared at 2026-11-23 10:30:00.000 +01:00 (id {first.Id}, by Ana)", e.Message);
        Assert.Equal([first], store.List());
    }

    [Fact]
    public void Declaring_marks_the_stored_days_the_swap_can_change_missing_in_the_same_transaction()
    {
        using var daily = DailyEnergyStore.Open(DatabasePath);
        var first = new DateOnly(2026, 11, 20);
        daily.Upsert(new DailySeries("E1", first, [1f, 2f, 3f, 4f, 5f], [])); // 20..24 November
        daily.Upsert(new DailySeries("E2", first, [1f, 2f, 3f, 4f, 5f], []));
        using var store = Open();

        // 23 November 00:30 UTC: intervals up to 3 h long around it reach back into 22 November, not forward past the 23rd.
        store.Declare(Swap(at: new DateTimeOffset(2026, 11, 23, 0, 30, 0, TimeSpan.Zero)), Now);

        Assert.Equal([1f, 2f, float.NaN, float.NaN, 5f], daily.Read("E1", first, first.AddDays(4)).Kwh);
        Assert.Equal([1f, 2f, 3f, 4f, 5f], daily.Read("E2", first, first.AddDays(4)).Kwh);
        Assert.Single(store.AwaitingRecompute());
    }

    [Fact]
    public void A_withdrawn_declaration_is_kept_for_audit_but_no_longer_applies_and_its_days_are_invalidated_again()
    {
        using var daily = DailyEnergyStore.Open(DatabasePath);
        var first = new DateOnly(2026, 11, 20);
        using var store = Open();
        var declared = store.Declare(Swap(at: new DateTimeOffset(2026, 11, 23, 0, 30, 0, TimeSpan.Zero), note: "seal 4711"), Now);
        store.MarkRecomputed(declared.Id);

        // Upkeep stored the days with the swap; then it turns out the wrong meter was named.
        daily.Upsert(new DailySeries("E1", first, [1f, 2f, 3f, 4f, 5f], [])); // 20..24 November
        var withdrawnAt = Now.AddHours(2).ToOffset(TimeSpan.FromHours(1));
        var withdrawn = store.Withdraw(declared.Id, "  Bo ", " the swap was on E2 ", withdrawnAt);

        Assert.Equal(declared with { WithdrawnAt = withdrawnAt, WithdrawnBy = "Bo", WithdrawnReason = "the swap was on E2" }, withdrawn);
        Assert.Equal(TimeSpan.FromHours(1), withdrawn.WithdrawnAt!.Value.Offset);
        Assert.Equal([withdrawn], store.List());
        Assert.Empty(store.Replacements());

        // As when it was declared: 22 and 23 November (intervals up to 3 h around 23 Nov 00:30) read missing until recomputed.
        Assert.Equal([1f, 2f, float.NaN, float.NaN, 5f], daily.Read("E1", first, first.AddDays(4)).Kwh);
        Assert.Equal([declared.Id], store.AwaitingRecompute().Select(r => r.Id));

        // The right meter's swap at the same instant can now be declared, and E1's can be declared again.
        store.Declare(Swap(meter: "E2", at: declared.At), Now.AddHours(2));
        var again = store.Declare(Swap(at: declared.At, oldFinal: 52_100), Now.AddHours(2));
        Assert.Equal([declared.Id, again.Id], store.List("E1").Select(r => r.Id));
        Assert.Equal([again.ToReplacement(), new MeterReplacement("E2", declared.At, 52_000, 0)], store.Replacements());
    }

    [Fact]
    public void Withdrawing_an_unknown_or_withdrawn_declaration_or_without_a_name_is_refused_and_changes_nothing()
    {
        using var daily = DailyEnergyStore.Open(DatabasePath);
        var day = new DateOnly(2026, 11, 23);
        using var store = Open();
        var declared = store.Declare(Swap(), Now);
        var withdrawn = store.Withdraw(declared.Id, "Ana", null, Now);
        store.MarkRecomputed(declared.Id);
        daily.Upsert(new DailySeries("E1", day, [7f], []));

        var unknown = Assert.Throws<ReplacementRejectedException>(() => store.Withdraw(declared.Id + 1, "Ana", null, Now));
        Assert.Equal((ReplacementRejection.NotFound, $"id: no meter replacement with id {declared.Id + 1}"), (unknown.Reason, unknown.Message));

        var twice = Assert.Throws<ReplacementRejectedException>(() => store.Withdraw(declared.Id, "Bo", "again", Now.AddHours(1)));
        Assert.Equal(ReplacementRejection.AlreadyWithdrawn, twice.Reason);
        Assert.Equal($"id: replacement {declared.Id} of meter E1 was already withdrawn at 2026-11-24 09:00:00 +00:00 by Ana", twice.Message);

        var nameless = Assert.Throws<ReplacementRejectedException>(() => store.Withdraw(declared.Id, " ", null, Now));
        Assert.Equal((ReplacementRejection.Invalid, "by"), (nameless.Reason, nameless.Field));
        var longReason = Assert.Throws<ReplacementRejectedException>(() => store.Withdraw(declared.Id, "Bo", new string('x', ReplacementDeclaration.MaxNoteLength + 1), Now));
        Assert.Equal((ReplacementRejection.Invalid, "reason"), (longReason.Reason, longReason.Field));

        Assert.Equal([withdrawn], store.List());
        Assert.Equal([7f], daily.Read("E1", day, day).Kwh);
        Assert.Empty(store.AwaitingRecompute());
    }

    [Fact]
    public void Instants_must_state_their_offset()
    {
        Assert.True(ReplacementDeclaration.TryParseInstant("2026-11-23T10:30:00+01:00", out var withOffset));
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 9, 30, 0, TimeSpan.Zero), withOffset);
        Assert.True(ReplacementDeclaration.TryParseInstant("2026-11-23T09:30:00Z", out var utc));
        Assert.Equal(withOffset, utc);
        Assert.False(ReplacementDeclaration.TryParseInstant("2026-11-23T10:30:00", out _));
        Assert.False(ReplacementDeclaration.TryParseInstant("yesterday Z", out _));
        Assert.False(ReplacementDeclaration.TryParseInstant(null, out _));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
