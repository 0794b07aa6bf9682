using System.Buffers;
using System.Globalization;
using System.Numerics;
using Edge.ModelContract.Features;
using Edge.Runtime.Alerts;
using Edge.Runtime.Daily;
using Edge.Runtime.Health;

namespace Edge.Runtime.Scoring;

/// <summary>
/// Scores meters with the active model: each meter's daily series goes through <see cref="FeaturePipeline.Transform"/>
/// with the bundle's own feature spec (the Trainer's cleaning and scaling code), meters are batched through ORT, and a
/// score at or above the bundle's threshold raises a <see cref="AlertKind.ModelScore"/> alert.
/// A model that throws or gives a non-finite score raises nothing: the run's scores are dropped, the "model" fault is
/// reported and model delivery is told (so it can roll back); the fault clears on the next run that works.
/// </summary>
public sealed class MeterScoring(AlertStore alerts, FaultBoard faults, ScoringOptions options)
{
    /// <summary>The <see cref="FaultBoard"/> component of model failures.</summary>
    public const string FaultComponent = "model";

    /// <summary>
    /// Scores every series (each ending with the last complete local day) with <paramref name="model"/> from
    /// <paramref name="provider"/>, stores the alerts and reports the outcome to the provider.
    /// </summary>
    public ModelRunReport Run(IModelProvider provider, ScoringModel? model, IReadOnlyList<DailySeries> series, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(series);
        if (model is null)
        {
            faults.Clear(FaultComponent);
            return new ModelRunReport(null, [.. series.Select(s => new MeterScore(s.MeterId, null, "no model installed"))], 0, null);
        }

        var spec = model.Manifest.FeatureSpec;
        var needed = (int)Math.Ceiling(options.MinimumKnownFraction * spec.WindowDays);
        var skipped = new List<MeterScore>();
        var ready = new List<DailySeries>(series.Count);
        foreach (var s in series)
        {
            var known = KnownDays(s.Kwh.AsSpan(Math.Max(0, s.Kwh.Length - spec.WindowDays)));
            if (known < needed)
            {
                skipped.Add(new MeterScore(s.MeterId, null, $"only {known} of {spec.WindowDays} days known, needs {needed}"));
            }
            else
            {
                ready.Add(s);
            }
        }

        var (scores, failure) = ScoreAll(model, ready);
        if (failure is not null)
        {
            faults.Report(FaultComponent, $"{model.Label}: {failure}");
            provider.ReportOutcome(model, new ModelRunOutcome(0, 0, failure));
            return new ModelRunReport(model.Label, [.. skipped, .. ready.Select(s => new MeterScore(s.MeterId, null, "model failed"))], 0, failure);
        }

        var raised = 0;
        for (var i = 0; i < ready.Count; i++)
        {
            if (scores[i] >= model.Manifest.Threshold)
            {
                alerts.Raise(Finding(model, ready[i], scores[i], now));
                raised++;
            }
        }

        faults.Clear(FaultComponent);
        provider.ReportOutcome(model, new ModelRunOutcome(ready.Count, raised, null));
        var meters = new MeterScore[skipped.Count + ready.Count];
        skipped.CopyTo(meters);
        for (var i = 0; i < ready.Count; i++)
        {
            meters[skipped.Count + i] = new MeterScore(ready[i].MeterId, scores[i], null);
        }

        return new ModelRunReport(model.Label, meters, raised, null);
    }

    /// <summary>
    /// Features and ORT for the meters, in batches; a failure names what went wrong and stops the run's model part.
    /// The batch buffer (64 meters x 1,036 days x 5 channels is 1.3 MB) is pooled: runs repeat daily and on demand.
    /// </summary>
    private (float[] Scores, string? Failure) ScoreAll(ScoringModel model, List<DailySeries> ready)
    {
        var features = ArrayPool<float>.Shared.Rent(Math.Min(Math.Max(1, options.BatchSize), Math.Max(1, ready.Count)) * model.Manifest.FeatureSpec.FeatureLength);
        try
        {
            return ScoreBatches(model, ready, features);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(features);
        }
    }

    private (float[] Scores, string? Failure) ScoreBatches(ScoringModel model, List<DailySeries> ready, float[] features)
    {
        var spec = model.Manifest.FeatureSpec;
        var width = spec.FeatureLength;
        var scores = new float[ready.Count];
        var batchSize = Math.Max(1, options.BatchSize);
        for (var start = 0; start < ready.Count; start += batchSize)
        {
            var count = Math.Min(batchSize, ready.Count - start);
            for (var i = 0; i < count; i++)
            {
                FeaturePipeline.Transform(spec, ready[start + i].Kwh, features.AsSpan(i * width, width));
            }

            float[] batch;
            try
            {
                batch = model.Onnx.Score(features.AsMemory(0, count * width), count);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return (scores, $"the model threw {e.GetType().Name}: {e.Message}");
            }

            for (var i = 0; i < count; i++)
            {
                if (!float.IsFinite(batch[i]))
                {
                    return (scores, $"non-finite score {batch[i]} for meter {ready[start + i].MeterId}");
                }

                scores[start + i] = batch[i];
            }
        }

        return (scores, null);
    }

    private Alert Finding(ScoringModel model, DailySeries series, float score, DateTimeOffset now)
    {
        var window = Math.Min(model.Manifest.FeatureSpec.WindowDays, series.Kwh.Length);
        var kwh = series.Kwh.AsSpan(series.Kwh.Length - window);
        var recentDays = Math.Clamp(options.RecentDays, 1, Math.Max(1, window - 1));
        var first = series.LastDay.AddDays(1 - window);
        var recent = Mean(kwh[^recentDays..]);
        var earlier = Mean(kwh[..^recentDays]);
        return new Alert
        {
            MeterId = series.MeterId,
            Kind = AlertKind.ModelScore,
            RaisedAt = now,
            Score = score,
            ModelVersion = model.Label,
            Evidence = string.Create(
                CultureInfo.InvariantCulture,
                $"score {score:F3} >= threshold {model.Manifest.Threshold:F3} ({model.Label}); window {first:yyyy-MM-dd}..{series.LastDay:yyyy-MM-dd}, {window} days, {window - KnownDays(kwh)} missing; mean {Kwh(recent)} kWh/day over the last {recentDays} days vs {Kwh(earlier)} kWh/day over the {window - recentDays} days before"),
        };
    }

    /// <summary>Days that are not NaN; SIMD because every meter's window is counted before every run.</summary>
    private static int KnownDays(ReadOnlySpan<float> kwh)
    {
        var known = 0;
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var counts = Vector<int>.Zero;
            for (; i <= kwh.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var v = new Vector<float>(kwh[i..]);
                counts -= Vector.Equals(v, v); // -1 per lane that is not NaN, the one value unequal to itself
            }

            known = Vector.Sum(counts);
        }

        for (; i < kwh.Length; i++)
        {
            known += float.IsNaN(kwh[i]) ? 0 : 1;
        }

        return known;
    }

    /// <summary>Mean of the known days; NaN when none is known.</summary>
    private static double Mean(ReadOnlySpan<float> kwh)
    {
        double sum = 0;
        var known = 0;
        foreach (var v in kwh)
        {
            if (!float.IsNaN(v))
            {
                sum += v;
                known++;
            }
        }

        return known == 0 ? double.NaN : sum / known;
    }

    private static string Kwh(double value) => double.IsNaN(value) ? "n/a" : value.ToString("F2", CultureInfo.InvariantCulture);
}
