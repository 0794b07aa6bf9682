using System.Globalization;
using Edge.Trainer.Export.Onnx;

namespace Edge.Trainer.Export.Quantization;

/// <summary>
/// Renames every initializer and intermediate value of a graph to a short generated name ("v0", "v1", ...) and drops
/// node names (optional in ONNX, IR.md "Nodes"). The graph's input and output keep their names: they are the
/// gateway's contract. In a small int8 model the descriptive names weigh as much as the weights they describe (the
/// gateway CNN: about 10 KB of names beside 23 KB of int8 weights), so the shipped file leaves them out; the fp32
/// export keeps them for reading.
/// </summary>
public static class ShortValueNames
{
    public static void Apply(ModelProto model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var graph = model.Graph;
        var kept = graph.Input.Select(v => v.Name).Concat(graph.Output.Select(v => v.Name)).ToHashSet(StringComparer.Ordinal);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var next = 0;
        string Short(string name)
        {
            if (name.Length == 0 || kept.Contains(name))
            {
                return name; // "" marks an omitted optional input
            }

            if (!names.TryGetValue(name, out var renamed))
            {
                do
                {
                    renamed = string.Create(CultureInfo.InvariantCulture, $"v{next++}");
                }
                while (kept.Contains(renamed));

                names.Add(name, renamed);
            }

            return renamed;
        }

        foreach (var tensor in graph.Initializer)
        {
            tensor.Name = Short(tensor.Name);
        }

        foreach (var node in graph.Node)
        {
            node.Name = "";
            for (var i = 0; i < node.Input.Count; i++)
            {
                node.Input[i] = Short(node.Input[i]);
            }

            for (var i = 0; i < node.Output.Count; i++)
            {
                node.Output[i] = Short(node.Output[i]);
            }
        }

        graph.ValueInfo.Clear();
    }
}
