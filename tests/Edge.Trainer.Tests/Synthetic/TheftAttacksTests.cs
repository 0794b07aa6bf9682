using Edge.Engine.Tensors;
using Edge.Trainer.Synthetic;

namespace Edge.Trainer.Tests.Synthetic;

public class TheftAttacksTests
{
    private static float[] Constant(float value, int days) => Enumerable.Repeat(value, days).ToArray();

    [Fact]
    public void H1_scales_the_whole_block_by_one_alpha_in_jokars_range()
    {
        var block = Constant(4f, 30);
        var alpha = TheftAttacks.Apply(AttackFamily.Scaled, block, new Rng(1))!.Value;
        Assert.InRange(alpha, 0.1, 0.8);
        Assert.All(block, x => Assert.Equal((float)(4 * alpha), x, 1e-5f));
    }

    [Fact]
    public void H2_zeroes_the_block()
    {
        float[] block = [1, 2, 3];
        Assert.Null(TheftAttacks.Apply(AttackFamily.Zeroed, block, new Rng(1)));
        Assert.Equal([0f, 0f, 0f], block);
    }

    [Fact]
    public void H3_draws_a_factor_per_day()
    {
        var block = Constant(4f, 30);
        TheftAttacks.Apply(AttackFamily.DailyFactor, block, new Rng(2));
        // 4 * U(0.1, 0.8) lies in [0.4, 3.2]; thirty independent draws are not all equal.
        Assert.All(block, x => Assert.InRange(x, 0.4f, 3.2f));
        Assert.True(block.Distinct().Count() > 20);
    }

    [Fact]
    public void H4_reports_random_fractions_of_the_block_mean()
    {
        float[] block = [1, 2, 3, 4, 5, 6];
        TheftAttacks.Apply(AttackFamily.FactorOfMean, block, new Rng(3));
        // mean 3.5: each day 3.5 * U(0.1, 0.8) in [0.35, 2.8].
        Assert.All(block, x => Assert.InRange(x, 0.35f, 2.8f));
        Assert.True(block.Distinct().Count() > 1);
    }

    [Fact]
    public void H5_reports_the_mean_every_day_and_keeps_the_energy()
    {
        float[] block = [1, 2, 3, 4];
        TheftAttacks.Apply(AttackFamily.Mean, block, new Rng(4));
        Assert.Equal([2.5f, 2.5f, 2.5f, 2.5f], block);
        Assert.False(TheftAttacks.ReducesEnergy(AttackFamily.Mean));
    }

    [Fact]
    public void H6_reverses_the_block_and_keeps_the_energy()
    {
        float[] block = [1, 2, 3, 4];
        TheftAttacks.Apply(AttackFamily.Reversed, block, new Rng(5));
        Assert.Equal([4f, 3f, 2f, 1f], block);
        Assert.False(TheftAttacks.ReducesEnergy(AttackFamily.Reversed));
    }

    [Fact]
    public void Capping_clips_at_a_fraction_of_the_mean()
    {
        float[] block = [1, 2, 3, 4];
        var cap = (float)TheftAttacks.Apply(AttackFamily.Capped, block, new Rng(6))!.Value;
        // mean 2.5: cap = 2.5 * U(0.3, 1.0) in [0.75, 2.5].
        Assert.InRange(cap, 0.75f, 2.5f);
        Assert.Equal(new[] { 1f, 2f, 3f, 4f }.Select(x => Math.Min(x, cap)), block);
        Assert.True(TheftAttacks.ReducesEnergy(AttackFamily.Capped));
    }

    [Fact]
    public void Subtraction_removes_a_constant_and_floors_at_zero()
    {
        float[] block = [1, 2, 3, 4];
        var c = (float)TheftAttacks.Apply(AttackFamily.Subtracted, block, new Rng(7))!.Value;
        // mean 2.5: c = 2.5 * U(0.2, 0.8) in [0.5, 2.0].
        Assert.InRange(c, 0.5f, 2.0f);
        Assert.Equal(new[] { 1f, 2f, 3f, 4f }.Select(x => Math.Max(x - c, 0f)), block);
    }

    [Fact]
    public void Every_family_except_h5_and_h6_lowers_a_varying_series()
    {
        foreach (var family in Enum.GetValues<AttackFamily>().Where(TheftAttacks.ReducesEnergy))
        {
            float[] block = [3, 5, 2, 8, 6, 4, 7];
            TheftAttacks.Apply(family, block, new Rng(8));
            Assert.True(block.Sum() < 35f, $"{family} reported {block.Sum()} of 35 kWh");
        }
    }
}
