using Edge.Engine.Layers.Convolution;
using static Edge.Trainer.Export.OnnxGraphBuilder;

namespace Edge.Trainer.Export;

/// <summary>
/// Conv1D and MaxPooling1D. Our tensors are channels-last (batch, steps, channels); ONNX Conv and MaxPool want
/// (N, C, W), so each layer transposes in and out (ONNX Runtime's optimizer folds back-to-back transposes).
/// Keras's "same" padding can be asymmetric (the extra zero goes at the end), so pads are always written explicitly.
/// </summary>
internal static class ConvolutionToOnnx
{
    public static string Conv1D(OnnxGraphBuilder graph, Conv1D layer, string input)
    {
        var kernel = layer.Kernel.Value.ReadOnlySpan;
        int taps = layer.KernelSize[0], channels = layer.InputShape[1], filters = layer.Filters;
        // Keras kernel (k, C, M) -> ONNX W (M, C, k).
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

        var axis = new WindowAxis(layer.InputShape[0], taps, layer.Strides[0], layer.DilationRate[0], layer.Padding, layer.Name);
        var inputs = new List<string>
        {
            ToChannelsFirst(graph, layer.Name, input),
            graph.FloatInitializer($"{layer.Name}_W", weights, filters, channels, taps),
        };
        if (layer.Bias is { } bias)
        {
            inputs.Add(graph.FloatInitializer($"{layer.Name}_B", bias.Value.ReadOnlySpan, filters));
        }

        var conv = graph.Node("Conv", layer.Name, inputs,
            Ints("kernel_shape", taps), Ints("strides", layer.Strides[0]), Ints("dilations", layer.DilationRate[0]), Ints("pads", Pads(axis)));
        return ActivationToOnnx.Apply(graph, layer, layer.Activation, ToChannelsLast(graph, layer.Name, conv));
    }

    public static string MaxPooling1D(OnnxGraphBuilder graph, MaxPooling1D layer, string input)
    {
        int pool = layer.PoolSize[0], stride = layer.Strides[0];
        if (pool == 1 && stride == 1)
        {
            return input; // a 1-wide window with stride 1 (the seed CNN's MaxPooling1D(1)) is the identity
        }

        var axis = new WindowAxis(layer.InputShape[0], pool, stride, 1, layer.Padding, layer.Name);
        // MaxPool ignores padded positions (they never win), as Keras's "same" pooling does.
        var pooled = graph.Node("MaxPool", layer.Name, [ToChannelsFirst(graph, layer.Name, input)],
            Ints("kernel_shape", pool), Ints("strides", stride), Ints("pads", Pads(axis)));
        return ToChannelsLast(graph, layer.Name, pooled);
    }

    /// <summary>[begin, end] so that ONNX's floor((L + begin + end - effective) / stride) + 1 equals the Keras output length.</summary>
    private static long[] Pads(WindowAxis axis)
    {
        var effective = ((axis.Size - 1) * axis.Dilation) + 1;
        var needed = ((axis.OutputLength - 1) * axis.Stride) + effective - axis.InputLength;
        var end = Math.Max(needed - axis.PadBefore, 0);
        return [axis.PadBefore, end];
    }

    private static string ToChannelsFirst(OnnxGraphBuilder graph, string layer, string value) =>
        graph.Node("Transpose", $"{layer}_to_ncw", [value], Ints("perm", 0, 2, 1));

    private static string ToChannelsLast(OnnxGraphBuilder graph, string layer, string value) =>
        graph.Node("Transpose", $"{layer}_to_nwc", [value], Ints("perm", 0, 2, 1));
}
