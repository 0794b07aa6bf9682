namespace Edge.Engine.Tests.Convolution;

/// <summary>
/// The oracle for Conv1D/Conv2D: a direct, loop-by-loop cross-correlation on channels-last data, written from the
/// TensorFlow padding rules (tf.nn.convolution) and sharing no code with the engine.
/// </summary>
internal static class DirectConvolution
{
    /// <summary>Output length and padding before, per axis: "valid" keeps whole windows; "same" gives ceil(n / stride).</summary>
    public static (int Output, int PadBefore) Axis(int length, int kernel, int stride, int dilation, bool same)
    {
        var span = ((kernel - 1) * dilation) + 1;
        if (!same)
        {
            return (((length - span) / stride) + 1, 0);
        }

        var output = (int)Math.Ceiling(length / (double)stride);
        var total = Math.Max(((output - 1) * stride) + span - length, 0);
        return (output, total / 2);
    }

    /// <summary>x (batch, h, w, cin), kernel (kh, kw, cin, cout), bias (cout) → (batch, oh, ow, cout).</summary>
    public static float[] Run(float[] x, int batch, int h, int w, int cin, float[] kernel, int kh, int kw, int cout, float[]? bias,
        (int Rows, int Cols) stride, (int Rows, int Cols) dilation, bool same, out int oh, out int ow)
    {
        var (outRows, padTop) = Axis(h, kh, stride.Rows, dilation.Rows, same);
        var (outCols, padLeft) = Axis(w, kw, stride.Cols, dilation.Cols, same);
        oh = outRows;
        ow = outCols;
        var y = new float[batch * oh * ow * cout];
        for (var b = 0; b < batch; b++)
        {
            for (var i = 0; i < oh; i++)
            {
                for (var j = 0; j < ow; j++)
                {
                    for (var f = 0; f < cout; f++)
                    {
                        double sum = bias?[f] ?? 0;
                        for (var a = 0; a < kh; a++)
                        {
                            for (var c = 0; c < kw; c++)
                            {
                                var r = (i * stride.Rows) - padTop + (a * dilation.Rows);
                                var q = (j * stride.Cols) - padLeft + (c * dilation.Cols);
                                if (r < 0 || r >= h || q < 0 || q >= w)
                                {
                                    continue;
                                }

                                for (var ch = 0; ch < cin; ch++)
                                {
                                    sum += x[(((b * h) + r) * w + q) * cin + ch] * (double)kernel[(((a * kw) + c) * cin + ch) * cout + f];
                                }
                            }
                        }

                        y[(((b * oh) + i) * ow + j) * cout + f] = (float)sum;
                    }
                }
            }
        }

        return y;
    }
}
