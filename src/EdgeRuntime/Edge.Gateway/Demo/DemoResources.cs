namespace Edge.Gateway.Demo;

/// <summary>The demo's model, its public key and households, embedded in the executable and written out to the demo's folder.</summary>
internal static class DemoResources
{
    public const string Bundle = "DemoModel/demo.bundle";
    public const string PublicKey = "DemoModel/demo-signing.pub";
    public const string Households = "DemoModel/demo-households.csv";

    public static byte[] Read(string name)
    {
        using var stream = typeof(DemoResources).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"the executable carries no demo resource {name}");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Writes a resource into <paramref name="directory"/> and returns its path.</summary>
    public static string WriteTo(string directory, string name)
    {
        var path = Path.Combine(directory, Path.GetFileName(name));
        File.WriteAllBytes(path, Read(name));
        return path;
    }
}
