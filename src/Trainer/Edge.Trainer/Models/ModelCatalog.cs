using Edge.Engine.Layers.Convolution;
using Edge.Engine.Layers.Core;
using Edge.Engine.Layers.Merging;
using Edge.Engine.Layers.Recurrent;
using Edge.Engine.Layers.Wrappers;
using Edge.Engine.Models;
using Edge.Engine.Tensors;
using Edge.ModelContract.Features;

namespace Edge.Trainer.Models;

/// <summary>
/// The detectors the CLI knows by name. The four seed models transcribe the seed notebook's Keras code layer by
/// layer; where the notebook's input handling was wrong, the note on the model says what we do instead and why.
/// </summary>
public static class ModelCatalog
{
    public static IReadOnlyList<TheftModel> All { get; } =
    [
        new()
        {
            Name = "seed-rnn",
            Description = "SimpleRNN(128) -> Dense(64, relu) -> Dense(1, sigmoid) over the customer's weeks. The seed slid "
                + "12-row windows across customers (mixing customers and their labels); we run the same layers over each customer's own (weeks, 7) series.",
            Layout = FeatureLayout.Weeks,
            ShapeOf = (days, _) => new Shape(days / WeeklyLayout.DaysPerWeek, WeeklyLayout.DaysPerWeek),
            Create = () => new Sequential([new SimpleRNN(128), new Dense(64, "relu"), new Dense(1, "sigmoid")], name: "seed-rnn"),
            DefaultEpochs = 15,
        },
        new()
        {
            Name = "seed-cnn",
            Description = "Conv1D 32, 64, 128, 256, 512 (kernel 3, same, relu, each + MaxPooling1D(1)) -> Flatten -> Dense(64, relu) -> Dense(1, sigmoid) on (days, 1), as in the seed.",
            Layout = FeatureLayout.Days,
            ShapeOf = (days, _) => new Shape(days, 1),
            Create = () =>
            {
                var model = SeedConvolutionStack("seed-cnn");
                model.Add(new Dense(64, "relu"));
                model.Add(new Dense(1, "sigmoid"));
                return model;
            },
        },
        new()
        {
            Name = "seed-lstm",
            Description = "LSTM(128) -> Dense(64, relu) -> Dense(1, sigmoid) on (1, days): the seed's single time step holding every day.",
            Layout = FeatureLayout.Days,
            ShapeOf = (days, _) => new Shape(1, days),
            Create = () => new Sequential([new LSTM(128), new Dense(64, "relu"), new Dense(1, "sigmoid")], name: "seed-lstm"),
        },
        new()
        {
            Name = "seed-cnn-lstm",
            Description = "TimeDistributed(the seed's Conv1D stack -> Flatten) -> LSTM(64) -> Dense(1, sigmoid) on (1, days, 1), as in the seed. "
                + "Very large: the LSTM's kernel has days x 512 x 256 weights.",
            Layout = FeatureLayout.Days,
            // The seed's time_steps is 1 ("each month considered as a single time step"; the CNN-LSTM's input_shape is
            // (time_steps, num_features, 1)), so TimeDistributed runs the stack once over all days and the LSTM reads
            // one step of days x 512 features: no subsequences, however costly (docs/benchmarks.md).
            ShapeOf = (days, _) => new Shape(1, days, 1),
            Create = () => new Sequential([new TimeDistributed(SeedConvolutionStack("seed-cnn-stack")), new LSTM(64), new Dense(1, "sigmoid")], name: "seed-cnn-lstm"),
            DefaultEpochs = 18,
            DefaultBatchSize = 16,
        },
        new()
        {
            Name = "wide-deep",
            Description = "Zheng et al. 2018's Wide & Deep CNN: a wide Dense(128, relu) on the flat daily series and a deep "
                + "Conv2D(32, 3x3, same, relu) -> MaxPooling2D(3) -> Dense(128, relu) branch on the (weeks, 7, 1) matrix, concatenated -> Dense(64, relu) -> Dense(1, sigmoid). "
                + "Their preprocessing kernel before the Conv2D is left out, so the convolution runs at stride 1 on the raw matrix.",
            Layout = FeatureLayout.Weeks,
            ShapeOf = (days, _) => new Shape(days / WeeklyLayout.DaysPerWeek, WeeklyLayout.DaysPerWeek),
            Create = () => new Sequential(
            [
                new ConcatenatedBranches(
                [
                    new Sequential([new Flatten(), new Dense(128, "relu")], name: "wide"),
                    new Sequential(
                    [
                        new Reshape([-1, WeeklyLayout.DaysPerWeek, 1]),
                        new Conv2D(32, 3, "relu", padding: "same"),
                        new MaxPooling2D(3),
                        new Flatten(),
                        new Dense(128, "relu"),
                    ], name: "deep"),
                ]),
                new Dense(64, "relu"),
                new Dense(1, "sigmoid"),
            ], name: "wide-deep"),
            // The released code trains 30 epochs with batch size 64.
            DefaultEpochs = 30,
            DefaultBatchSize = 64,
        },
        new()
        {
            Name = "gateway",
            Description = "Compact 1-D CNN over the last 148 weeks (weeks as steps, weekdays x feature channels as channels) for a Raspberry Pi: "
                + "three Conv1D/MaxPooling1D(2) stages (16, 32, 32 filters) -> Dense(32, relu) -> Dense(1, sigmoid). Reads five channels per day: "
                + "kWh, missing day, zero reading, change from a year before, change from the day before.",
            Layout = FeatureLayout.Weeks,
            // 148 weeks, SGCC's record length: on synthetic data (10,000 customers, seed 7) a 104-week window scored
            // ROC-AUC 0.807 and the full record 0.834 (kWh channel only), because thefts that started early fall out of a shorter window.
            DefaultWindowDays = 1036,
            ShapeOf = (days, channels) => new Shape(days / WeeklyLayout.DaysPerWeek, WeeklyLayout.DaysPerWeek * channels),
            // On the same data the kWh channel alone scored 0.84; with the missing-day and zero-reading indicators 0.86,
            // adding the year-over-year change 0.88, and adding the day-to-day change 0.91 (docs/benchmarks.md).
            DefaultChannels = FeatureChannelSet.All,
            SupportedChannels = FeatureChannelSet.All,
            Create = () => new Sequential(
            [
                new Conv1D(16, 3, "relu", padding: "same"),
                new MaxPooling1D(2),
                new Conv1D(32, 3, "relu", padding: "same"),
                new MaxPooling1D(2),
                new Conv1D(32, 3, "relu", padding: "same"),
                new MaxPooling1D(2),
                new Flatten(),
                new Dense(32, "relu"),
                new Dense(1, "sigmoid"),
            ], name: "gateway"),
            DefaultEpochs = 30,
            DefaultBatchSize = 64,
        },
    ];

    public static IEnumerable<string> Names => All.Select(m => m.Name);

    /// <summary>The model by name; an unknown name is an error listing the known ones.</summary>
    public static TheftModel Get(string name) =>
        All.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"unknown model '{name}'; known models: {string.Join(", ", Names)}", nameof(name));

    /// <summary>The seed's create_cnn_model(): five same-padded Conv1D layers, each with MaxPooling1D(1), then Flatten.</summary>
    private static Sequential SeedConvolutionStack(string name)
    {
        var stack = new Sequential(name: name);
        foreach (var filters in new[] { 32, 64, 128, 256, 512 })
        {
            stack.Add(new Conv1D(filters, 3, "relu", padding: "same"));
            stack.Add(new MaxPooling1D(1));
        }

        stack.Add(new Flatten());
        return stack;
    }
}
