using System.Device.Gpio;

namespace Edge.Runtime.Ingest;

/// <summary>The configured meters' sources and the GPIO controllers they share; disposing it closes ports and lines.</summary>
public sealed class MeterSourceSet : IDisposable
{
    private readonly List<IMeterSource> _sources = [];
    private readonly Dictionary<int, GpioController> _controllers = [];

    public IReadOnlyList<IMeterSource> Sources => _sources;

    public void Add(IMeterSource source) => _sources.Add(source);

    /// <summary>The controller of a GPIO chip, opened on first use.</summary>
    internal GpioController Controller(int chip, MeterHardware hardware)
    {
        if (!_controllers.TryGetValue(chip, out var controller))
        {
            controller = new GpioController(hardware.GpioChip(chip));
            _controllers[chip] = controller;
        }

        return controller;
    }

    public void Dispose()
    {
        foreach (var source in _sources.OfType<IDisposable>())
        {
            source.Dispose();
        }

        foreach (var controller in _controllers.Values)
        {
            controller.Dispose();
        }
    }
}
