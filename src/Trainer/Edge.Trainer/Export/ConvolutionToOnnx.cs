using Edge.Engine.Layers.Convolution;
using static Edge.Trainer.Export.OnnxGraphBuilder;

namespace Edge.Trainer.Export;

/// <summary>
/// Conv1D/Conv2D and MaxPooling1D/2D. Our tensors are channels-last (batch, ...spatial, channels); ONNX Conv and
/// MaxPool want (N, C, ...spatial), so each layer transposes in and out (ONNX Runtime's optimizer folds back-to-back
/// transposes). Keras's "same" padding can be asymmetric (the extra zero goes at the end), so pads are always written
/// explicitly, in ONNX's order [x1_begin, x2_begin, ..., x1_end, x2_end] (Operators.md, Conv).
/// </summary>
internal static class ConvolutionToOnnx
{
    public static string Convolution(OnnxGraphBuilder graph, ConvolutionLayer layer, string input)
    {
        var kernel = layer.Kernel.Value.ReadOnlySpan;
        var spatial = layer.KernelSize.Count;
        var taps = layer.KernelSize.Aggregate(1, (a, k) => a * k);
        int channels = layer.InputShape[spatial], filters = layer.Filters;
        // Keras kernel (taps..., C, M) -> ONNX W (M, C, taps...); the taps keep their row-major order.
        var weights = new float[kernel.Length];
        for (var j = 0; j < taps; j++)
        {
            for (var c = 0; c < channels; c++)
            {
                for (var m = 0; m < filters; m++)
                {
                    weights[(((m * channels) + c) * taps) + j] = kernel[(((j * channels) + c) * filters) + m];
                }
            }
        }

        var axes = Enumerable.Range(0, spatial)
            .Select(i => new WindowAxis(layer.InputShape[i], layer.KernelSize[i], layer.Strides[i], layer.DilationRate[i], layer.Padding, layer.Name))
            .ToArray();
        var inputs = new List<string>
        {
            ToChannelsFirst(graph, layer.Name, input, spatial),
            graph.FloatInitializer($"{layer.Name}_W", weights, [filters, channels, .. layer.KernelSize.Select(k => (long)k)]),
        };
        if (layer.Bias is { } bias)
        {
            inputs.Add(graph.FloatInitializer($"{layer.Name}_B", bias.Value.ReadOnlySpan, filters));
        }

        var conv = graph.Node("Conv", layer.Name, inputs,
            Ints("kernel_shape", Longs(layer.KernelSize)), Ints("strides", Longs(layer.Strides)), Ints("dilations", Longs(layer.DilationRate)),
            Ints("pads", Pads(axes)));
        return ActivationToOnnx.Apply(graph, layer, layer.Activation, ToChannelsLast(graph, layer.Name, conv, spatial));
    }

    public static string MaxPooling(OnnxGraphBuilder graph, MaxPoolingLayer layer, string input)
    {
        if (layer.PoolSize.All(p => p == 1) && layer.Strides.All(s => s == 1))
        {
            return input; // a 1-wide window with stride 1 (the seed CNN's MaxPooling1D(1)) is the identity
        }

        var spatial = layer.PoolSize.Count;
        var axes = Enumerable.Range(0, spatial)
            .Select(i => new WindowAxis(layer.InputShape[i], layer.PoolSize[i], layer.Strides[i], 1, layer.Padding, layer.Name))
            .ToArray();
        // MaxPool ignores padded positions (they never win), as Keras's "same" pooling does.
        var pooled = graph.Node("MaxPool", layer.Name, [ToChannelsFirst(graph, layer.Name, input, spatial)],
            Ints("kernel_shape", Longs(layer.PoolSize)), Ints("strides", Longs(layer.Strides)), Ints("pads", Pads(axes)));
        return ToChannelsLast(graph, layer.Name, pooled, spatial);
    }

    /// <summary>
    /// Begins then ends, so that ONNX's floor((L + begin + end - effective) / stride) + 1 equals the Keras output
    /// length on every axis.
    /// </summary>
    private static long[] Pads(WindowAxis[] axes)
    {
        var pads = new long[2 * axes.Length];
        for (var i = 0; i < axes.Length; i++)
        {
            var axis = axes[i];
            var effective = ((axis.Size - 1) * axis.Dilation) + 1;
            var needed = ((axis.OutputLength - 1) * axis.Stride) + effective - axis.InputLength;
            pads[i] = axis.PadBefore;
            pads[axes.Length + i] = Math.Max(needed - axis.PadBefore, 0);
        }

        return pads;
    }

    private static long[] Longs(IReadOnlyList<int> values) => values.Select(v => (long)v).ToArray();

    /// <summary>(N, ...spatial, C) -> (N, C, ...spatial).</summary>
    private static string ToChannelsFirst(OnnxGraphBuilder graph, string layer, string value, int spatial) =>
        graph.Node("Transpose", $"{layer}_to_channels_first", [value], Ints("perm", [0, spatial + 1, .. Enumerable.Range(1, spatial).Select(a => (long)a)]));

    /// <summary>(N, C, ...spatial) -> (N, ...spatial, C).</summary>
    private static string ToChannelsLast(OnnxGraphBuilder graph, string layer, string value, int spatial) =>
        graph.Node("Transpose", $"{layer}_to_channels_last", [value], Ints("perm", [0, .. Enumerable.Range(2, spatial).Select(a => (long)a), 1]));
}
