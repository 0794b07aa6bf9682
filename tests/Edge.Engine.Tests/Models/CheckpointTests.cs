using Edge.Engine.Layers.Core;
using Edge.Engine.Models;
using Edge.Engine.Models.Checkpoints;
using Edge.Engine.Tensors;

namespace Edge.Engine.Tests.Models;

public sealed class CheckpointTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("edge-ckpt-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static Sequential Model(int hidden, ulong seed)
    {
        var model = new Sequential(inputShape: new Shape(6));
        model.Add(new Dense(hidden, activation: "relu"));
        model.Add(new PReLU());
        model.Add(new Dense(1, activation: "sigmoid"));
        model.Build(seed);
        return model;
    }

    [Fact]
    public void Round_trip_restores_every_weight_bit_for_bit()
    {
        var path = Path.Combine(_directory, "model.ckpt");
        var saved = Model(8, seed: 1);
        saved.SaveWeights(path);
        var loaded = Model(8, seed: 2);
        Assert.NotEqual(saved.GetWeights()[0], loaded.GetWeights()[0]);
        loaded.LoadWeights(path);
        Assert.Equal(saved.GetWeights(), loaded.GetWeights());
        Assert.Equal(["model.ckpt"], Directory.GetFiles(_directory).Select(Path.GetFileName));
    }

    [Fact]
    public void File_layout_is_magic_version_header_data_and_sha256()
    {
        var path = Path.Combine(_directory, "layout.ckpt");
        var model = Model(4, seed: 3);
        model.SaveWeights(path);
        var bytes = File.ReadAllBytes(path);
        Assert.Equal("EDGECKPT"u8.ToArray(), bytes[..8]);
        Assert.Equal(1u, BitConverter.ToUInt32(bytes, 8));
        var headerLength = (int)BitConverter.ToUInt32(bytes, 12);
        var header = System.Text.Encoding.UTF8.GetString(bytes, 16, headerLength);
        Assert.Contains("\"type\":\"Dense\"", header, StringComparison.Ordinal);
        Assert.Contains("\"units\":\"4\"", header, StringComparison.Ordinal);
        var floats = (int)model.ParameterCount;
        Assert.Equal(16 + headerLength + (floats * 4) + 32, bytes.Length);
        var firstKernelValue = BitConverter.ToSingle(bytes, 16 + headerLength);
        Assert.Equal(model.Parameters[0].Value[0], firstKernelValue);
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(bytes.AsSpan(0, bytes.Length - 32)), bytes[^32..]);
    }

    [Fact]
    public void A_flipped_byte_fails_the_checksum()
    {
        var path = Path.Combine(_directory, "corrupt.ckpt");
        Model(4, 1).SaveWeights(path);
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length - 40] ^= 0x01;
        File.WriteAllBytes(path, bytes);
        var ex = Assert.Throws<CheckpointException>(() => Model(4, 1).LoadWeights(path));
        Assert.Contains("checksum", ex.Message, StringComparison.Ordinal);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_different_architecture_is_named_in_the_error()
    {
        var path = Path.Combine(_directory, "arch.ckpt");
        Model(8, 1).SaveWeights(path);
        var ex = Assert.Throws<CheckpointException>(() => Model(16, 1).LoadWeights(path));
        Assert.Contains("layer 1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("units is 8 in the file but 16 in the model", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Not_a_checkpoint_is_rejected()
    {
        var path = Path.Combine(_directory, "other.bin");
        File.WriteAllText(path, "this is not a checkpoint at all, just some text long enough");
        var ex = Assert.Throws<CheckpointException>(() => Model(4, 1).LoadWeights(path));
        Assert.Contains("EDGECKPT", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Saving_over_an_existing_file_replaces_it_and_leaves_no_temporary_files()
    {
        var path = Path.Combine(_directory, "replace.ckpt");
        Model(4, 1).SaveWeights(path);
        var second = Model(4, 2);
        second.SaveWeights(path);
        var loaded = Model(4, 3);
        loaded.LoadWeights(path);
        Assert.Equal(second.GetWeights(), loaded.GetWeights());
        Assert.Single(Directory.GetFiles(_directory));
    }

    [Fact]
    public void A_crash_before_the_rename_leaves_the_previous_checkpoint_intact()
    {
        var path = Path.Combine(_directory, "durable.ckpt");
        var first = Model(4, 1);
        first.SaveWeights(path);
        string? temporary = null;
        Checkpoint.BeforeReplace = t =>
        {
            temporary = t;
            Assert.True(File.Exists(t), "the new bytes are on disk before the rename");
            throw new IOException("simulated crash");
        };
        try
        {
            Assert.Throws<IOException>(() => Model(4, 2).SaveWeights(path));
        }
        finally
        {
            Checkpoint.BeforeReplace = null;
        }

        var loaded = Model(4, 3);
        loaded.LoadWeights(path);
        Assert.Equal(first.GetWeights(), loaded.GetWeights());
        Assert.NotNull(temporary);
        Assert.Equal(Path.GetDirectoryName(path), Path.GetDirectoryName(temporary)); // same directory, so the rename is atomic
        Assert.Single(Directory.GetFiles(_directory));
    }
}
