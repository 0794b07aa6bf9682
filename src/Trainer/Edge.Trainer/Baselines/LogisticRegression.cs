namespace Edge.Trainer.Baselines;

/// <summary>
/// L2-regularised logistic regression on the same features the networks see: the baseline a network must beat
/// before its extra cost is worth anything. Full-batch gradient descent with Adam in double precision, with
/// classes weighted to balance (theft is rare), so the fit is deterministic and needs no tuning.
/// </summary>
public sealed class LogisticRegression
{
    private double[] _weights = [];
    private double _bias;

    public double L2 { get; init; } = 1e-3;

    public int Iterations { get; init; } = 400;

    public double LearningRate { get; init; } = 0.05;

    public int FeatureCount => _weights.Length;

    /// <summary>Fits on row-major features (rows x featureCount) and 0/1 labels.</summary>
    public void Fit(ReadOnlySpan<float> features, ReadOnlySpan<int> labels, int featureCount)
    {
        var rows = CheckShape(features, featureCount);
        if (labels.Length != rows)
        {
            throw new ArgumentException($"{rows} feature rows but {labels.Length} labels.", nameof(labels));
        }

        var positives = 0;
        foreach (var y in labels)
        {
            positives += y;
        }

        // Balanced class weights as scikit-learn computes them: n / (2 * n_class).
        var positiveWeight = positives == 0 ? 1.0 : rows / (2.0 * positives);
        var negativeWeight = positives == rows ? 1.0 : rows / (2.0 * (rows - positives));

        _weights = new double[featureCount];
        _bias = 0;
        var gradient = new double[featureCount];
        var m = new double[featureCount + 1];
        var v = new double[featureCount + 1];
        const double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8;
        for (var step = 1; step <= Iterations; step++)
        {
            Array.Clear(gradient);
            double biasGradient = 0;
            for (var r = 0; r < rows; r++)
            {
                var x = features.Slice(r * featureCount, featureCount);
                var p = Sigmoid(Logit(x));
                var weight = labels[r] == 1 ? positiveWeight : negativeWeight;
                var error = weight * (p - labels[r]) / rows;
                for (var j = 0; j < featureCount; j++)
                {
                    gradient[j] += error * x[j];
                }

                biasGradient += error;
            }

            var correction1 = 1 - Math.Pow(beta1, step);
            var correction2 = 1 - Math.Pow(beta2, step);
            for (var j = 0; j <= featureCount; j++)
            {
                var g = j < featureCount ? gradient[j] + (L2 * _weights[j]) : biasGradient;
                m[j] = (beta1 * m[j]) + ((1 - beta1) * g);
                v[j] = (beta2 * v[j]) + ((1 - beta2) * g * g);
                var update = LearningRate * (m[j] / correction1) / (Math.Sqrt(v[j] / correction2) + epsilon);
                if (j < featureCount)
                {
                    _weights[j] -= update;
                }
                else
                {
                    _bias -= update;
                }
            }
        }
    }

    /// <summary>Theft probability per row.</summary>
    public float[] Predict(ReadOnlySpan<float> features)
    {
        if (_weights.Length == 0)
        {
            throw new InvalidOperationException("The logistic regression has not been fitted.");
        }

        var rows = CheckShape(features, _weights.Length);
        var scores = new float[rows];
        for (var r = 0; r < rows; r++)
        {
            scores[r] = (float)Sigmoid(Logit(features.Slice(r * _weights.Length, _weights.Length)));
        }

        return scores;
    }

    private double Logit(ReadOnlySpan<float> x)
    {
        var z = _bias;
        for (var j = 0; j < x.Length; j++)
        {
            z += _weights[j] * x[j];
        }

        return z;
    }

    private static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));

    private static int CheckShape(ReadOnlySpan<float> features, int featureCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(featureCount);
        if (features.Length % featureCount != 0)
        {
            throw new ArgumentException($"{features.Length} values are not whole rows of {featureCount} features.", nameof(features));
        }

        return features.Length / featureCount;
    }
}
