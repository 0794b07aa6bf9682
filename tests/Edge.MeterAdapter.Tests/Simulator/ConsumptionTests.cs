using Edge.MeterSim.Consumption;

namespace Edge.MeterAdapter.Tests.Simulator;

public sealed class ConsumptionTests
{
    [Fact]
    public void Household_shape_weights_average_one_over_the_day()
    {
        // A whole day integrates to 24 weight-hours, so a day's energy is exactly its kWh figure.
        Assert.Equal(24.0, DailyShape.Household.IntegralHours(TimeSpan.Zero, TimeSpan.FromHours(24)), 9);
    }

    [Fact]
    public void Integral_of_a_linear_segment_is_the_trapezoid()
    {
        // Weights 1 at 00:00 and 3 at 01:00 (others 2): mean of 24 weights = (1 + 3 + 22*2)/24 = 2, so normalised 0.5 and 1.5.
        var weights = Enumerable.Repeat(2.0, 24).ToArray();
        weights[0] = 1;
        weights[1] = 3;
        var shape = new DailyShape(weights);
        // From 00:30 (0.5 + 0.5*1.0 = 1.0) to 01:00 (1.5): (1.0 + 1.5)/2 * 0.5 h = 0.625.
        Assert.Equal(0.625, shape.IntegralHours(TimeSpan.FromMinutes(30), TimeSpan.FromHours(1)), 12);
        Assert.Equal(1.0, shape.Weight(TimeSpan.FromMinutes(30)), 12);
    }

    [Fact]
    public void Energy_over_a_day_equals_the_days_kwh_and_splits_across_midnight()
    {
        var profile = new DailyEnergyProfile(new DateOnly(2014, 1, 1), [10.0, 20.0], DailyShape.Household);
        var midnight = new DateTime(2014, 1, 2);
        Assert.Equal(10_000, profile.EnergyWh(midnight.AddDays(-1), midnight), 6);
        Assert.Equal(20_000, profile.EnergyWh(midnight, midnight.AddDays(1)), 6);
        // Six hours either side of midnight: the two days' shares add up.
        double across = profile.EnergyWh(midnight.AddHours(-6), midnight.AddHours(6));
        double before = profile.EnergyWh(midnight.AddHours(-6), midnight);
        double after = profile.EnergyWh(midnight, midnight.AddHours(6));
        Assert.Equal(before + after, across, 9);
        Assert.Equal(10_000.0 / 24 * DailyShape.Household.IntegralHours(TimeSpan.FromHours(18), TimeSpan.FromHours(24)), before, 9);
    }

    [Fact]
    public void Days_beyond_the_series_repeat_it()
    {
        var profile = new DailyEnergyProfile(new DateOnly(2014, 1, 1), [1, 2, 3], DailyShape.Household);
        Assert.Equal(1, profile.KwhOn(new DateOnly(2014, 1, 4)));
        Assert.Equal(3, profile.KwhOn(new DateOnly(2013, 12, 31)));
    }

    [Fact]
    public void Sgcc_row_is_read_by_customer_with_unsorted_dates_and_empty_cells()
    {
        string path = Path.Combine(Path.GetTempPath(), $"sgcc-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "CONS_NO,FLAG,2014/1/3,2014/1/1,2014/1/2\nA1,0,3.5,1.25,\nB2,1,7,8,9\n");
        try
        {
            DailyEnergyProfile a = SgccCustomerRow.Read(path, "A1", DailyShape.Household);
            Assert.Equal(new DateOnly(2014, 1, 1), a.FirstDay);
            Assert.Equal(3, a.Days);
            Assert.Equal([1.25, 0.0, 3.5], new[] { 1, 2, 3 }.Select(d => a.KwhOn(new DateOnly(2014, 1, d))));
            Assert.Equal(9, SgccCustomerRow.Read(path, "B2", DailyShape.Household).KwhOn(new DateOnly(2014, 1, 2)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("CONS_NO,FLAG,2014/1/1\nA1,0,x\n", "A1", ":2, column 3 (2014-01-01): 'x' is not a kWh value")]
    [InlineData("CONS_NO,FLAG,2014/1/1\nA1,0,1\n", "Z9", "customer 'Z9' not found")]
    [InlineData("ID,FLAG,2014/1/1\n", "A1", ":1: expected the header CONS_NO")]
    [InlineData("CONS_NO,FLAG,yesterday\n", "A1", ":1, column 3: 'yesterday' is not a date")]
    public void Sgcc_errors_name_file_line_and_column(string content, string customer, string expected)
    {
        string path = Path.Combine(Path.GetTempPath(), $"sgcc-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, content);
        try
        {
            var error = Assert.Throws<InvalidDataException>(() => SgccCustomerRow.Read(path, customer, DailyShape.Household));
            Assert.Contains(expected, error.Message, StringComparison.Ordinal);
            Assert.StartsWith(path, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
