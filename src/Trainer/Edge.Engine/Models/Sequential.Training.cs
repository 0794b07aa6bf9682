using Edge.Engine.Losses;
using Edge.Engine.Models.Callbacks;
using Edge.Engine.Models.Checkpoints;
using Edge.Engine.Models.Metrics;
using Edge.Engine.Optimizers;
using Edge.Engine.Tensors;

namespace Edge.Engine.Models;

/// <summary>Keras's compile / fit / evaluate / predict for <see cref="Sequential"/>.</summary>
public sealed partial class Sequential
{
    /// <summary>Mixed into the seed for the shuffling stream, so it differs from the weight streams (which fork Rng(seed)).</summary>
    private const ulong ShuffleStream = 0x5348_5546_464C_4553; // "SHUFFLES"

    private Optimizer? _optimizer;
    private Loss? _loss;
    private Metric[] _metrics = [];
    private Rng? _shuffleRng;
    private ulong _seed;
    private Tensor? _lossGradient;
    private LogitsHead? _logitsHead;
    private Loss? _logitsHeadLoss;

    public Optimizer? Optimizer => _optimizer;

    public Loss? Loss => _loss;

    public IReadOnlyList<Metric> Metrics => _metrics;

    /// <summary>Set by a callback (e.g. EarlyStopping) to end <see cref="Fit"/> after the current epoch (Keras's stop_training).</summary>
    public bool StopTraining { get; set; }

    /// <summary>
    /// Keras's compile. Builds the model now from <paramref name="seed"/> if it is not built and its input shape is
    /// known; otherwise the first <see cref="Fit"/> builds it from the data's shape. The seed also fixes the shuffling.
    /// </summary>
    public void Compile(Optimizer optimizer, Loss loss, IEnumerable<string>? metrics = null, ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(loss);
        _optimizer = optimizer;
        _loss = loss;
        _metrics = (metrics ?? []).Select(m => Metric.Get(m, loss)).ToArray();
        _seed = seed;
        _shuffleRng = new Rng(seed ^ ShuffleStream);
        if (!IsBuilt && _declaredInputShape is { } shape)
        {
            Build(shape, seed);
        }
    }

    /// <summary>compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"]).</summary>
    public void Compile(string optimizer, string loss, IEnumerable<string>? metrics = null, ulong seed = 0) =>
        Compile(Optimizers.Optimizer.Get(optimizer), Losses.Loss.Get(loss), metrics, seed);

    /// <summary>
    /// Keras's fit. Returns the per-epoch history; see docs/engine.md for the exact semantics.
    /// <paramref name="stepsPerEpoch"/> (Keras's steps_per_epoch) trains on only the first that many batches of each
    /// epoch's shuffled order; null, or more than the data holds, is a full pass.
    /// </summary>
    public History Fit(Tensor x, Tensor y, int epochs = 1, int batchSize = 32, (Tensor X, Tensor Y)? validationData = null,
        IReadOnlyDictionary<int, double>? classWeight = null, IEnumerable<Callback>? callbacks = null, bool shuffle = true,
        float[]? sampleWeight = null, double validationSplit = 0, int? stepsPerEpoch = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        ArgumentOutOfRangeException.ThrowIfNegative(epochs);
        if (stepsPerEpoch is { } steps)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps, nameof(stepsPerEpoch));
        }

        var (optimizer, loss) = EnsureCompiled(nameof(Fit));
        CheckData(x, y, "training");
        if (validationSplit != 0 && validationData is null)
        {
            (x, y, validationData, sampleWeight) = SplitOffValidation(x, y, sampleWeight, validationSplit);
        }

        if (!IsBuilt)
        {
            Build(x.Shape.WithoutFirst(), _seed);
        }

        CheckInput(x, "training");
        var weights = SampleWeights(y, classWeight, sampleWeight);
        var sampler = new BatchSampler(x, y, weights, batchSize);
        BatchSampler? validation = null;
        if (validationData is { } vd)
        {
            CheckData(vd.X, vd.Y, "validation");
            CheckInput(vd.X, "validation");
            validation = new BatchSampler(vd.X, vd.Y, null, batchSize);
        }

        var callbackList = (callbacks ?? []).ToArray();
        foreach (var c in callbackList)
        {
            c.Model = this;
        }

        var history = new History();
        StopTraining = false;
        foreach (var c in callbackList)
        {
            c.OnTrainBegin();
        }

        for (var epoch = 0; epoch < epochs && !StopTraining; epoch++)
        {
            foreach (var c in callbackList)
            {
                c.OnEpochBegin(epoch);
            }

            if (shuffle)
            {
                _shuffleRng!.Shuffle(sampler.Order.AsSpan());
            }

            var batches = Math.Min(sampler.Batches, stepsPerEpoch ?? int.MaxValue);
            var logs = new Dictionary<string, double> { ["loss"] = TrainEpoch(sampler, batches, optimizer, loss, epoch, epochs, callbackList) };
            foreach (var m in _metrics)
            {
                logs[m.Name] = m.Result();
            }

            if (validation is not null)
            {
                var result = Evaluate(validation, loss);
                logs["val_loss"] = result.Loss;
                foreach (var (name, value) in result.Metrics)
                {
                    logs["val_" + name] = value;
                }
            }

            history.Record(epoch, logs);
            foreach (var c in callbackList)
            {
                c.OnEpochEnd(epoch, logs);
            }
        }

        foreach (var c in callbackList)
        {
            c.OnTrainEnd();
        }

        return history;
    }

    /// <summary>The first <paramref name="batches"/> batches of the epoch's order; returns the mean batch loss weighted by batch size, as Keras reports it.</summary>
    private double TrainEpoch(BatchSampler sampler, int batches, Optimizer optimizer, Loss loss, int epoch, int epochs, Callback[] callbacks)
    {
        foreach (var m in _metrics)
        {
            m.Reset();
        }

        double lossSum = 0;
        var seen = 0;
        for (var b = 0; b < batches; b++)
        {
            var size = sampler.Fill(b);
            lossSum += TrainOnBatch(sampler.X, sampler.Y, sampler.BatchWeights(size), optimizer, loss) * size;
            seen += size;
            var progress = new BatchProgress(epoch, epochs, b, batches, lossSum / seen);
            foreach (var c in callbacks)
            {
                c.OnBatchEnd(progress);
            }
        }

        return seen == 0 ? double.NaN : lossSum / seen;
    }

    /// <summary>Keras's train_on_batch: one forward, backward and optimizer step; returns the batch loss.</summary>
    public double TrainOnBatch(Tensor x, Tensor y, ReadOnlySpan<float> sampleWeights = default)
    {
        var (optimizer, loss) = EnsureCompiled(nameof(TrainOnBatch));
        EnsureBuilt();
        foreach (var m in _metrics)
        {
            m.Reset();
        }

        return TrainOnBatch(x, y, sampleWeights, optimizer, loss);
    }

    private double TrainOnBatch(Tensor x, Tensor y, ReadOnlySpan<float> sampleWeights, Optimizer optimizer, Loss loss)
    {
        var predictions = Forward(x, training: true);
        foreach (var m in _metrics)
        {
            m.Update(predictions, y, sampleWeights);
        }

        double value;
        if (LogitsHeadFor(loss) is { } head)
        {
            var logits = head.Layer.PreActivation!;
            var gradient = Tensor.Ensure(ref _lossGradient, logits.Shape);
            value = head.Loss.Compute(logits, y, sampleWeights, gradient);
            BackwardFrom(_layers.Count - 2, head.Layer.BackwardFromPreActivation(gradient));
        }
        else
        {
            var gradient = Tensor.Ensure(ref _lossGradient, predictions.Shape);
            value = loss.Compute(predictions, y, sampleWeights, gradient);
            Backward(gradient);
        }

        optimizer.Apply(_parameters);
        return value;
    }

    /// <summary>The loss value in inference mode, from the logits when the head allows it (see <see cref="LogitsHead"/>).</summary>
    private double InferenceLoss(Tensor predictions, Tensor y, Loss loss) =>
        LogitsHeadFor(loss) is { } head ? head.Loss.Compute(head.Layer.PreActivation!, y) : loss.Compute(predictions, y);

    private LogitsHead? LogitsHeadFor(Loss loss)
    {
        if (!ReferenceEquals(_logitsHeadLoss, loss))
        {
            _logitsHead = LogitsHead.For(this, loss);
            _logitsHeadLoss = loss;
        }

        return _logitsHead;
    }

    /// <summary>Keras's evaluate: the mean loss over all samples and each compiled metric (inference mode).</summary>
    public EvaluationResult Evaluate(Tensor x, Tensor y, int batchSize = 32)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var (_, loss) = EnsureCompiled(nameof(Evaluate));
        EnsureBuilt();
        CheckData(x, y, "evaluation");
        CheckInput(x, "evaluation");
        return Evaluate(new BatchSampler(x, y, null, batchSize), loss);
    }

    private EvaluationResult Evaluate(BatchSampler sampler, Loss loss)
    {
        foreach (var m in _metrics)
        {
            m.Reset();
        }

        double lossSum = 0;
        for (var b = 0; b < sampler.Batches; b++)
        {
            var size = sampler.Fill(b);
            var predictions = Forward(sampler.X, training: false);
            lossSum += InferenceLoss(predictions, sampler.Y, loss) * size;
            foreach (var m in _metrics)
            {
                m.Update(predictions, sampler.Y, default);
            }
        }

        var metrics = new Dictionary<string, double>();
        foreach (var m in _metrics)
        {
            metrics[m.Name] = m.Result();
        }

        return new EvaluationResult(sampler.Count == 0 ? double.NaN : lossSum / sampler.Count, metrics);
    }

    /// <summary>Keras's predict: outputs for every sample, in order (inference mode), as a new tensor.</summary>
    public Tensor Predict(Tensor x, int batchSize = 32)
    {
        ArgumentNullException.ThrowIfNull(x);
        EnsureBuilt();
        CheckInput(x, "prediction");
        var sampler = new BatchSampler(x, null, null, batchSize);
        var result = new Tensor(OutputShape.WithBatch(sampler.Count));
        var perSample = OutputShape.ElementCount;
        for (var b = 0; b < sampler.Batches; b++)
        {
            var size = sampler.Fill(b);
            var output = Forward(sampler.X, training: false);
            output.ReadOnlySpan.CopyTo(result.Span.Slice(b * sampler.BatchSize * perSample, size * perSample));
        }

        return result;
    }

    /// <summary>Keras's save_weights, in the engine checkpoint format (docs/engine.md), written atomically.</summary>
    public void SaveWeights(string path) => Checkpoint.Save(this, path);

    /// <summary>Keras's load_weights: the file must hold the same architecture.</summary>
    public void LoadWeights(string path) => Checkpoint.Load(this, path);

    private (Optimizer Optimizer, Loss Loss) EnsureCompiled(string caller) =>
        _optimizer is not null && _loss is not null
            ? (_optimizer, _loss)
            : throw new InvalidOperationException($"Model '{Name}' must be compiled (Compile with an optimizer and a loss) before {caller}.");

    /// <summary>
    /// Keras's validation_split: the last fraction of the samples, in the given order (before any shuffling), becomes
    /// validation data; the split point is floor(n · (1 − split)).
    /// </summary>
    private static (Tensor X, Tensor Y, (Tensor, Tensor) Validation, float[]? SampleWeight) SplitOffValidation(
        Tensor x, Tensor y, float[]? sampleWeight, double split)
    {
        var n = x.Shape[0];
        var at = (int)Math.Floor(n * (1.0 - split));
        if (split is <= 0 or >= 1 || at == 0 || at == n)
        {
            throw new ArgumentException($"validationSplit {split} cannot split {n} samples into non-empty training and validation sets; use a value in (0, 1) and more data.", nameof(split));
        }

        return (Rows(x, 0, at), Rows(y, 0, at), (Rows(x, at, n - at), Rows(y, at, n - at)), sampleWeight?[..at]);
    }

    private static Tensor Rows(Tensor t, int start, int count)
    {
        var stride = t.Length / t.Shape[0];
        var dims = t.Shape.Dimensions.ToArray();
        dims[0] = count;
        return new Tensor(new Shape(dims), t.ReadOnlySpan.Slice(start * stride, count * stride).ToArray());
    }

    private static void CheckData(Tensor x, Tensor y, string what)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Shape.Rank < 1 || y.Shape.Rank < 1 || x.Shape[0] != y.Shape[0])
        {
            throw new ArgumentException($"The {what} inputs {x.Shape} and targets {y.Shape} must have the same number of samples (first dimension).");
        }
    }

    private void CheckInput(Tensor x, string what)
    {
        if (!x.Shape.WithoutFirst().Equals(InputShape))
        {
            throw new ArgumentException($"The {what} inputs have shape {x.Shape}, but model '{Name}' expects {InputShape.ToString(true)}.");
        }
    }

    /// <summary>
    /// Per-sample weights: sampleWeight times the class weight of each sample's label (the 0/1 value when targets have
    /// one column, else the arg-max of the one-hot row), as Keras turns class_weight into sample weights.
    /// </summary>
    private static float[]? SampleWeights(Tensor y, IReadOnlyDictionary<int, double>? classWeight, float[]? sampleWeight)
    {
        var n = y.Shape[0];
        if (sampleWeight is not null && sampleWeight.Length != n)
        {
            throw new ArgumentException($"sampleWeight has {sampleWeight.Length} values for {n} samples.", nameof(sampleWeight));
        }

        if (classWeight is null)
        {
            return sampleWeight is null ? null : (float[])sampleWeight.Clone();
        }

        var weights = new float[n];
        var width = y.Length / Math.Max(n, 1);
        var ys = y.ReadOnlySpan;
        for (var i = 0; i < n; i++)
        {
            var row = ys.Slice(i * width, width);
            var label = width == 1 ? (int)Math.Round(row[0]) : System.Numerics.Tensors.TensorPrimitives.IndexOfMax(row);
            if (!classWeight.TryGetValue(label, out var w))
            {
                throw new ArgumentException($"classWeight has no weight for class {label} (sample {i}); it covers {string.Join(", ", classWeight.Keys)}.", nameof(classWeight));
            }

            weights[i] = (float)w * (sampleWeight?[i] ?? 1f);
        }

        return weights;
    }
}
