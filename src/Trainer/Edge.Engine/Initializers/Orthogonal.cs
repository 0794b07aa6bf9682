using Edge.Engine.Tensors;

namespace Edge.Engine.Initializers;

/// <summary>
/// Keras's <c>orthogonal</c> initializer (Saxe et al. 2014, "Exact solutions to the nonlinear dynamics of learning in
/// deep linear neural networks"), the default for recurrent kernels. The weights are viewed as a rows x cols matrix
/// (rows = product of all but the last dimension). A (max, min) standard-normal matrix is factored A = QR, Q's columns
/// are flipped so that R's diagonal is positive (the unique QR, hence the distribution is uniform over orthogonal
/// matrices), and Q or Q transposed becomes the weights, times <see cref="Gain"/>.
/// </summary>
public sealed class Orthogonal : IInitializer
{
    public Orthogonal(double gain = 1.0)
    {
        Gain = gain;
    }

    public string KerasName => "orthogonal";

    public double Gain { get; }

    public void Fill(Tensor weights, int fanIn, int fanOut, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(rng);
        var shape = weights.Shape;
        if (shape.Rank < 2)
        {
            throw new ArgumentException($"The orthogonal initializer needs a tensor of rank 2 or more; got shape {shape}.", nameof(weights));
        }

        var cols = shape[-1];
        var rows = shape.ElementCount / Math.Max(cols, 1);
        var tall = Math.Max(rows, cols);
        var narrow = Math.Min(rows, cols);
        var q = new double[tall * narrow];
        for (var i = 0; i < q.Length; i++)
        {
            q[i] = rng.NextGaussian();
        }

        OrthonormalizeColumns(q, tall, narrow);

        // rows >= cols: weights = Q (tall x narrow). rows < cols: weights = Q transposed, so the rows are orthonormal.
        var w = weights.Span;
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols; c++)
            {
                var v = rows >= cols ? q[(r * narrow) + c] : q[(c * narrow) + r];
                w[(r * cols) + c] = (float)(Gain * v);
            }
        }
    }

    /// <summary>
    /// Replaces the columns of the row-major m x n matrix <paramref name="a"/> (m >= n) by Q of its QR factorisation
    /// with positive diagonal R. Modified Gram-Schmidt run twice ("twice is enough", Giraud et al. 2005) gives Q
    /// orthonormal to working precision; Gram-Schmidt's R diagonal is a norm, so positive, which is exactly the sign
    /// correction Keras applies after its QR.
    /// </summary>
    internal static void OrthonormalizeColumns(Span<double> a, int m, int n)
    {
        if (m < n)
        {
            throw new ArgumentException($"Expected at least as many rows as columns; got {m} x {n}.", nameof(a));
        }

        for (var j = 0; j < n; j++)
        {
            for (var pass = 0; pass < 2; pass++)
            {
                for (var k = 0; k < j; k++)
                {
                    double dot = 0;
                    for (var i = 0; i < m; i++)
                    {
                        dot += a[(i * n) + k] * a[(i * n) + j];
                    }

                    for (var i = 0; i < m; i++)
                    {
                        a[(i * n) + j] -= dot * a[(i * n) + k];
                    }
                }
            }

            double norm = 0;
            for (var i = 0; i < m; i++)
            {
                norm += a[(i * n) + j] * a[(i * n) + j];
            }

            norm = Math.Sqrt(norm);
            if (norm == 0)
            {
                // A normal draw is rank deficient with probability zero; guard anyway rather than divide by zero.
                throw new InvalidOperationException("The random matrix drawn for the orthogonal initializer is rank deficient.");
            }

            for (var i = 0; i < m; i++)
            {
                a[(i * n) + j] /= norm;
            }
        }
    }
}
