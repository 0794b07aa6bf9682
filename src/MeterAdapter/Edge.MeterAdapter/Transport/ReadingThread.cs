namespace Edge.MeterAdapter.Transport;

/// <summary>
/// Runs a blocking reading loop on a thread of its own and reports its end as a task. A serial read waits in poll(2)
/// for up to its poll interval; on a thread-pool worker that wait would hold the worker, and with a hundred meters the
/// pool injects a hundred more workers to keep up with other work. A dedicated thread costs its stack and nothing else.
/// </summary>
public static class ReadingThread
{
    /// <param name="name">Shown by top -H and debuggers; Linux keeps the first 15 characters.</param>
    public static Task Start(string name, Action loop)
    {
        ArgumentNullException.ThrowIfNull(loop);
        return Start(name, () =>
        {
            loop();
            return true;
        });
    }

    /// <summary>
    /// The result of <paramref name="pending"/>, waited for on the calling reading thread if it has not completed yet.
    /// A readout over a <see cref="BlockingSerialLine"/> has always completed by the time it returns.
    /// </summary>
    public static T Wait<T>(ValueTask<T> pending) => pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();

    /// <inheritdoc cref="Start(string, Action)"/>
    public static Task<T> Start<T>(string name, Func<T> loop)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(loop);
        // Continuations run on the pool, not on this thread, which ends with the loop.
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                done.SetResult(loop());
            }
            catch (OperationCanceledException ex)
            {
                done.SetCanceled(ex.CancellationToken);
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        })
        {
            Name = name,
            IsBackground = true, // never holds the process open; the host stops readers by cancellation
        };
        thread.Start();
        return done.Task;
    }
}
