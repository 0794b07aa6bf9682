using System.Globalization;
using System.Text;
using Edge.Engine.Layers;

namespace Edge.Engine.Models;

/// <summary>
/// Keras's model.summary() table: one row per layer with "name (Type)", the output shape with a None batch, and the
/// parameter count; then total, trainable and non-trainable counts with their float32 size, as Keras 3 prints them
/// (e.g. "Total params: 8,321 (32.50 KB)", 1 KB = 1024 B).
/// </summary>
public static class ModelSummary
{
    public static string Format(Sequential model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!model.IsBuilt)
        {
            throw new InvalidOperationException($"Model '{model.Name}' has not been built yet: give it an input shape and call Build, Compile or Fit first.");
        }

        var rows = model.Layers
            .Select(l => (Layer: $"{l.Name} ({l.KerasTypeName})", Shape: l.OutputShape.ToString(true), Params: Sequential.FormatCount(l.ParameterCount)))
            .ToList();
        var w0 = Math.Max(29, rows.Max(r => r.Layer.Length) + 2);
        var w1 = Math.Max(26, rows.Max(r => r.Shape.Length) + 2);
        var w2 = Math.Max(10, rows.Max(r => r.Params.Length));
        var width = w0 + w1 + w2;

        var sb = new StringBuilder();
        sb.Append("Model: \"").Append(model.Name).AppendLine("\"");
        sb.AppendLine(new string('_', width));
        sb.Append("Layer (type)".PadRight(w0)).Append("Output Shape".PadRight(w1)).AppendLine("Param #".PadLeft(w2));
        sb.AppendLine(new string('=', width));
        for (var i = 0; i < rows.Count; i++)
        {
            var (layer, shape, count) = rows[i];
            sb.Append(layer.PadRight(w0)).Append(shape.PadRight(w1)).AppendLine(count.PadLeft(w2));
            sb.AppendLine(new string(i == rows.Count - 1 ? '=' : '_', width));
        }

        var trainable = model.Parameters.Where(p => p.Trainable).Sum(p => (long)p.Value.Length);
        var total = model.ParameterCount;
        sb.AppendLine($"Total params: {Sequential.FormatCount(total)} ({Bytes(total * 4)})");
        sb.AppendLine($"Trainable params: {Sequential.FormatCount(trainable)} ({Bytes(trainable * 4)})");
        sb.AppendLine($"Non-trainable params: {Sequential.FormatCount(total - trainable)} ({Bytes((total - trainable) * 4)})");
        return sb.ToString();
    }

    /// <summary>Keras's readable_memory_size: B, KB, MB, GB in steps of 1024, two decimals.</summary>
    internal static string Bytes(long bytes)
    {
        string[] units = ["B", "KB", "MB", "GB"];
        double size = bytes;
        var unit = 0;
        while (size >= 1024 && unit < units.Length - 1)
        {
            size /= 1024;
            unit++;
        }

        return size.ToString("F2", CultureInfo.InvariantCulture) + " " + units[unit];
    }
}
