using Edge.ModelContract.Features;
using Edge.Trainer.Models;

namespace Edge.Trainer.Tests.Models;

public class ModelCatalogTests
{
    // Keras's parameter formulas, written out: Dense (in + 1) * units; Conv1D (k * in + 1) * filters;
    // SimpleRNN units * (in + units + 1); LSTM 4 * units * (in + units + 1).
    private static long Dense(long input, long units) => (input + 1) * units;

    private static long Conv1D(long kernel, long input, long filters) => ((kernel * input) + 1) * filters;

    private static long SeedConvStack() =>
        Conv1D(3, 1, 32) + Conv1D(3, 32, 64) + Conv1D(3, 64, 128) + Conv1D(3, 128, 256) + Conv1D(3, 256, 512);

    [Theory]
    [InlineData("seed-rnn")]
    [InlineData("seed-cnn")]
    [InlineData("seed-lstm")]
    [InlineData("seed-cnn-lstm")]
    public void Seed_models_have_the_parameter_counts_keras_gives(string name)
    {
        const int days = 30;
        long expected = name switch
        {
            // (weeks, 7): 30 days pad to 35 = 5 weeks of 7.
            "seed-rnn" => (128L * (7 + 128 + 1)) + Dense(128, 64) + Dense(64, 1),
            "seed-cnn" => SeedConvStack() + Dense(days * 512, 64) + Dense(64, 1),
            "seed-lstm" => (4L * 128 * (days + 128 + 1)) + Dense(128, 64) + Dense(64, 1),
            "seed-cnn-lstm" => SeedConvStack() + (4L * 64 * ((days * 512) + 64 + 1)) + Dense(64, 1),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };

        var model = ModelCatalog.Get(name);
        var spec = model.FeatureSpecFor(days, CleaningPolicy.Zheng2018);
        var network = model.Create();
        network.Build(model.InputShape(spec), seed: 1);
        Assert.Equal(expected, network.ParameterCount);
    }

    [Fact]
    public void Wide_and_deep_has_the_parameter_count_of_its_two_branches_and_head()
    {
        // 35 days -> (5, 7). Wide: Dense(35 -> 128). Deep: Conv2D 3x3x1x32 (+32), pool 3x3 of (5, 7) -> (1, 2, 32)
        // = 64 values -> Dense(128). Head: Dense(256 -> 64) -> Dense(1).
        long expected = Dense(35, 128) + (((3 * 3 * 1) + 1) * 32) + Dense(64, 128) + Dense(256, 64) + Dense(64, 1);
        var model = ModelCatalog.Get("wide-deep");
        var network = model.Create();
        network.Build(model.InputShape(model.FeatureSpecFor(30, CleaningPolicy.Zheng2018)), seed: 1);
        Assert.Equal(expected, network.ParameterCount);
    }

    [Fact]
    public void The_seed_rnn_matches_the_issue_example_on_one_feature()
    {
        // SimpleRNN(128) on one feature has 16,640 parameters (Keras).
        Assert.Equal(16_640, 128L * (1 + 128 + 1));
    }

    [Fact]
    public void Gateway_model_scores_a_window_of_whole_weeks_and_stays_small()
    {
        var model = ModelCatalog.Get("gateway");
        var spec = model.FeatureSpecFor(1034, CleaningPolicy.Zheng2018);
        Assert.Equal(0, spec.FeatureDays % 7);
        var network = model.Create();
        network.Build(model.InputShape(spec), seed: 1);
        Assert.True(network.ParameterCount < 50_000, $"gateway model has {network.ParameterCount} parameters");
    }

    [Fact]
    public void Gateway_reads_its_channels_as_weekdays_times_channels_per_week()
    {
        // 1,034 days pad to 148 weeks; five channels per day interleave to 7 x 5 = 35 values per week.
        var model = ModelCatalog.Get("gateway");
        var spec = model.FeatureSpecFor(1034, CleaningPolicy.Zheng2018);
        Assert.Equal(5, spec.ChannelCount);
        Assert.Equal(1036 * 5, spec.FeatureLength);
        Assert.Equal(new Edge.Engine.Tensors.Shape(148, 35), model.InputShape(spec));

        // First Conv1D: (3 taps x 35 channels + 1) x 16 filters.
        var network = model.Create();
        network.Build(model.InputShape(spec), seed: 1);
        Assert.Equal(Conv1D(3, 35, 16), network.Layers[0].ParameterCount);
    }

    [Theory]
    [InlineData("seed-cnn")]
    [InlineData("wide-deep")]
    public void Models_without_channels_refuse_them_by_name(string name)
    {
        var model = ModelCatalog.Get(name);
        Assert.Equal(FeatureChannels.Kwh, model.FeatureSpecFor(30, CleaningPolicy.Zheng2018).Channels);
        var error = Assert.Throws<ArgumentException>(
            () => model.FeatureSpecFor(30, CleaningPolicy.Zheng2018, channels: FeatureChannels.Kwh | FeatureChannels.MissingDay));
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_model_names_list_the_known_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => ModelCatalog.Get("seed-gru"));
        Assert.Contains("seed-cnn", error.Message, StringComparison.Ordinal);
    }
}
