using System.Runtime.ExceptionServices;

namespace Edge.Engine.Kernels;

/// <summary>
/// A small pool of long-lived threads that run the parts of one kernel call, the calling thread taking part 0.
/// Work is described by a function pointer and a pointer to the caller's state, so a call allocates nothing; the
/// caller blocks until every part is done, which keeps pointers into its stack and pinned spans valid.
/// If another caller is already using the pool, the parts simply run one after another on the calling thread:
/// kernels are written so that the result does not depend on how parts are scheduled.
/// </summary>
internal static unsafe class KernelWorkers
{
    public const int MaxThreads = 256;

    private static readonly Lock Gate = new();
    private static readonly object AllDone = new();
    private static Worker[] s_workers = [];
    private static delegate*<void*, int, void> s_body;
    private static void* s_state;
    private static int s_pending;
    private static ExceptionDispatchInfo? s_failure;

    /// <summary>Runs <paramref name="body"/>(state, part) for part = 0 .. parts-1 and returns when all have finished.</summary>
    public static void Run(int parts, delegate*<void*, int, void> body, void* state)
    {
        if (parts <= 1 || !Gate.TryEnter())
        {
            for (var part = 0; part < parts; part++)
            {
                body(state, part);
            }

            return;
        }

        ExceptionDispatchInfo? failure;
        try
        {
            EnsureWorkers(parts - 1);
            s_body = body;
            s_state = state;
            s_failure = null;
            Volatile.Write(ref s_pending, parts - 1);
            for (var w = 0; w < parts - 1; w++)
            {
                s_workers[w].Start(w + 1);
            }

            try
            {
                body(state, 0);
            }
            catch (Exception ex)
            {
                s_failure = ExceptionDispatchInfo.Capture(ex);
            }

            // Always wait: the workers read the caller's stack until they finish.
            WaitUntil(ref s_pending, AllDone);
            failure = s_failure;
            s_body = null;
            s_state = null;
        }
        finally
        {
            Gate.Exit();
        }

        failure?.Throw();
    }

    /// <summary>Starts the workers for <paramref name="threads"/> now rather than on the first call that can use them.</summary>
    public static void Prepare(int threads)
    {
        lock (Gate)
        {
            EnsureWorkers(threads - 1);
        }
    }

    private static void EnsureWorkers(int count)
    {
        if (s_workers.Length >= count)
        {
            return;
        }

        var grown = new Worker[count];
        s_workers.CopyTo(grown, 0);
        for (var w = s_workers.Length; w < count; w++)
        {
            grown[w] = new Worker(w + 1);
        }

        s_workers = grown;
    }

    private static void RunPart(int part)
    {
        try
        {
            s_body(s_state, part);
        }
        catch (Exception ex)
        {
            s_failure ??= ExceptionDispatchInfo.Capture(ex);
        }

        if (Interlocked.Decrement(ref s_pending) == 0)
        {
            lock (AllDone)
            {
                Monitor.PulseAll(AllDone);
            }
        }
    }

    /// <summary>
    /// Spins briefly, then sleeps on <paramref name="signal"/>'s monitor until <paramref name="counter"/> is zero.
    /// Monitor rather than ManualResetEventSlim, which allocates its lock object the first time a wait blocks
    /// (possibly long after warm-up); whoever sets the counter to zero pulses under the same lock.
    /// </summary>
    private static void WaitUntil(ref int counter, object signal)
    {
        var spinner = default(SpinWait);
        while (Volatile.Read(ref counter) != 0 && !spinner.NextSpinWillYield)
        {
            spinner.SpinOnce();
        }

        lock (signal)
        {
            while (Volatile.Read(ref counter) != 0)
            {
                Monitor.Wait(signal);
            }
        }
    }

    private sealed class Worker
    {
        private readonly object _signal = new();
        private int _idle = 1;
        private int _part;

        public Worker(int index)
        {
            var thread = new Thread(Loop) { IsBackground = true, Name = $"edge-kernel-{index}" };
            thread.Start();
        }

        public void Start(int part)
        {
            _part = part;
            lock (_signal)
            {
                Volatile.Write(ref _idle, 0);
                Monitor.Pulse(_signal);
            }
        }

        private void Loop()
        {
            while (true)
            {
                WaitUntil(ref _idle, _signal);
                Volatile.Write(ref _idle, 1);
                RunPart(_part);
            }
        }
    }
}
