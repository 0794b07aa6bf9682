using Edge.Engine.Initializers;
using Edge.Engine.Tensors;

namespace Edge.Engine.Tests.Initializers;

public class OrthogonalTests
{
    [Theory]
    [InlineData(8, 8)]
    [InlineData(4, 16)]   // a recurrent kernel: units x 4*units, rows orthonormal
    [InlineData(16, 4)]   // tall: columns orthonormal
    public void Smaller_side_is_orthonormal(int rows, int cols)
    {
        var weights = new Tensor(rows, cols);
        new Orthogonal().Fill(weights, rows, cols, new Rng(5));

        var n = Math.Min(rows, cols);
        for (var a = 0; a < n; a++)
        {
            for (var b = 0; b < n; b++)
            {
                double dot = 0;
                for (var k = 0; k < Math.Max(rows, cols); k++)
                {
                    dot += rows <= cols
                        ? (double)weights[(a * cols) + k] * weights[(b * cols) + k]
                        : (double)weights[(k * cols) + a] * weights[(k * cols) + b];
                }

                Assert.True(Math.Abs(dot - (a == b ? 1.0 : 0.0)) < 1e-5, $"{a} . {b} = {dot}");
            }
        }
    }

    [Fact]
    public void Factor_is_q_of_the_qr_with_positive_diagonal()
    {
        // Q is the Q of A = QR with diag(R) > 0 exactly when R = Q^T A is upper triangular with a positive diagonal.
        const int m = 6, n = 4;
        var rng = new Rng(9);
        var a = new double[m * n];
        for (var i = 0; i < a.Length; i++)
        {
            a[i] = rng.NextGaussian();
        }

        var q = (double[])a.Clone();
        Orthogonal.OrthonormalizeColumns(q, m, n);

        for (var r = 0; r < n; r++)
        {
            for (var c = 0; c < n; c++)
            {
                double rc = 0;
                for (var k = 0; k < m; k++)
                {
                    rc += q[(k * n) + r] * a[(k * n) + c];
                }

                if (r > c)
                {
                    Assert.True(Math.Abs(rc) < 1e-12, $"R[{r},{c}] = {rc}, expected 0 below the diagonal");
                }
                else if (r == c)
                {
                    Assert.True(rc > 0, $"R[{r},{r}] = {rc}, expected positive");
                }
            }
        }
    }

    [Fact]
    public void Gain_scales_and_seed_repeats()
    {
        var unit = new Tensor(3, 3);
        var doubled = new Tensor(3, 3);
        new Orthogonal().Fill(unit, 3, 3, new Rng(2));
        new Orthogonal(gain: 2.0).Fill(doubled, 3, 3, new Rng(2));
        for (var i = 0; i < 9; i++)
        {
            Assert.Equal(2 * unit[i], doubled[i], 6);
        }
    }

    [Fact]
    public void Rank_one_tensor_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new Orthogonal().Fill(new Tensor(5), 5, 5, new Rng(1)));
        Assert.Contains("rank 2", error.Message, StringComparison.Ordinal);
    }
}
