using Edge.Runtime.Scoring;

namespace Edge.Runtime.Models;

/// <summary>
/// Scoring models replaced by an activation or a rollback: each stays open for <paramref name="grace"/>, so that a
/// scoring run that took it before the switch can finish with it, and is then disposed. With no grace it is disposed at
/// once (the CLI installs while no run can hold one).
/// </summary>
internal sealed class RetiredModels(TimeProvider time, TimeSpan grace) : IDisposable
{
    private readonly Lock _lock = new();
    private readonly List<(ScoringModel Model, ITimer Timer)> _waiting = [];

    public void Retire(ScoringModel model)
    {
        if (grace == TimeSpan.Zero)
        {
            model.Onnx.Dispose();
            return;
        }

        lock (_lock)
        {
            // The timer's callback takes the lock too, so it cannot look for the model before it is listed.
            _waiting.Add((model, time.CreateTimer(_ => DisposeAfterGrace(model), null, grace, Timeout.InfiniteTimeSpan)));
        }
    }

    /// <summary>Disposes every model still waiting, without waiting for the grace periods.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var (model, timer) in _waiting)
            {
                timer.Dispose();
                model.Onnx.Dispose();
            }

            _waiting.Clear();
        }
    }

    private void DisposeAfterGrace(ScoringModel model)
    {
        lock (_lock)
        {
            var index = _waiting.FindIndex(r => ReferenceEquals(r.Model, model));
            if (index < 0)
            {
                return; // disposed with the others already
            }

            _waiting[index].Timer.Dispose();
            _waiting.RemoveAt(index);
        }

        model.Onnx.Dispose();
    }
}
