using System.Globalization;
using Edge.Engine.Layers.Core;
using Edge.Engine.Models;
using Edge.Engine.Tensors;

namespace Edge.Engine.Layers.Merging;

/// <summary>
/// Feeds one input to several branches and concatenates their outputs on the last axis, as Keras's functional
/// <c>Concatenate(axis=-1)([branch_1(x), branch_2(x), ...])</c> does. This is the shape of Zheng et al. 2018's Wide &amp;
/// Deep CNN (IEEE TII 14(4)): a wide Dense branch on the 1-D daily series and a deep Conv2D branch on the same series
/// viewed as a (weeks, 7, 1) matrix (a <c>Reshape</c> at the head of that branch). Branches are any layers, typically
/// <c>Sequential</c>s. Their outputs must agree on every axis but the last.
/// Backward splits dL/dOutput by branch and sums the branches' dL/dInput, since the input fans out to all of them.
/// </summary>
public sealed class ConcatenatedBranches : Layer
{
    private readonly Layer[] _branches;
    private Parameter[] _parameters = [];
    private Tensor? _output;
    private Tensor?[] _branchGradients = [];
    private Shape[] _branchGradientShapes = [];
    private Shape _outputShape;
    private Tensor? _inputGradient;

    public ConcatenatedBranches(IEnumerable<Layer> branches, string? name = null)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(branches);
        _branches = [.. branches];
        if (_branches.Length < 2)
        {
            throw new ArgumentException($"ConcatenatedBranches '{Name}' needs at least two branches; got {_branches.Length}.", nameof(branches));
        }
    }

    public override string KerasTypeName => "ConcatenatedBranches";

    public IReadOnlyList<Layer> Branches => _branches;

    public override IReadOnlyList<Parameter> Parameters => _parameters;

    public override long ForwardMacsPerSample => _branches.Sum(b => b.ForwardMacsPerSample);

    public override IReadOnlyDictionary<string, string> Config => new Dictionary<string, string>
    {
        ["axis"] = "-1",
        // Architecture, not names: checkpoints compare configs, and automatic names differ between processes.
        ["branches"] = string.Join(";", _branches.Select(Sequential.Describe)),
        ["branch_count"] = _branches.Length.ToString(CultureInfo.InvariantCulture),
    };

    protected override Shape BuildCore(Shape inputShape, Rng rng)
    {
        var width = 0;
        Shape? leading = null;
        foreach (var branch in _branches)
        {
            branch.Build(inputShape, rng.Fork());
            var shape = branch.OutputShape;
            var prefix = new Shape(shape.Dimensions[..^1].ToArray());
            if (shape.Rank == 0 || (leading is { } l && !l.Equals(prefix)))
            {
                throw new ArgumentException(
                    $"ConcatenatedBranches '{Name}': branch '{branch.Name}' outputs {shape}, which cannot be concatenated on the last axis with {string.Join(", ", _branches.TakeWhile(b => b != branch).Select(b => b.OutputShape.ToString()))}.");
            }

            leading = prefix;
            width += shape[-1];
        }

        _parameters = _branches.SelectMany(b => b.Parameters).ToArray();
        _branchGradients = new Tensor?[_branches.Length];
        _branchGradientShapes = new Shape[_branches.Length];
        return new Shape([.. leading!.Value.Dimensions, width]);
    }

    public override Tensor Forward(Tensor input, bool training)
    {
        ArgumentNullException.ThrowIfNull(input);
        EnsureBuilt();
        var y = Tensor.Ensure(ref _output, BatchShape.With(ref _outputShape, OutputShape, BatchShape.Check(this, input)));
        var width = OutputShape[-1];
        var offset = 0;
        foreach (var branch in _branches)
        {
            var part = branch.Forward(input, training).ReadOnlySpan;
            var w = branch.OutputShape[-1];
            for (int from = 0, to = offset; from < part.Length; from += w, to += width)
            {
                part.Slice(from, w).CopyTo(y.Span.Slice(to, w));
            }

            offset += w;
        }

        return y;
    }

    public override Tensor Backward(Tensor outputGradient)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        var batch = outputGradient.Shape[0];
        var dy = outputGradient.ReadOnlySpan;
        var width = OutputShape[-1];
        var offset = 0;
        for (var b = 0; b < _branches.Length; b++)
        {
            var branch = _branches[b];
            var w = branch.OutputShape[-1];
            var part = Tensor.Ensure(ref _branchGradients[b], BatchShape.With(ref _branchGradientShapes[b], branch.OutputShape, batch));
            var target = part.Span;
            for (int to = 0, from = offset; to < target.Length; to += w, from += width)
            {
                dy.Slice(from, w).CopyTo(target.Slice(to, w));
            }

            var dx = branch.Backward(part);
            var sum = Tensor.Ensure(ref _inputGradient, dx.Shape);
            if (b == 0)
            {
                dx.ReadOnlySpan.CopyTo(sum.Span);
            }
            else
            {
                System.Numerics.Tensors.TensorPrimitives.Add(sum.ReadOnlySpan, dx.ReadOnlySpan, sum.Span);
            }

            offset += w;
        }

        return _inputGradient!;
    }
}
