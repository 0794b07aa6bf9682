using Microsoft.Win32.SafeHandles;

namespace Edge.MeterAdapter.Transport;

/// <summary>
/// An open terminal file descriptor. Calls take a reference for their duration (<see cref="Lease"/>), so a dispose from
/// another thread (shutdown) closes the descriptor only after a poll or read in progress has returned, never while the
/// number could be reused under it.
/// </summary>
internal sealed class TerminalHandle : SafeHandleMinusOneIsInvalid
{
    public TerminalHandle(int fd)
        : base(ownsHandle: true)
    {
        SetHandle(fd);
    }

    /// <summary>Keeps the descriptor open until the lease is disposed. Throws <see cref="ObjectDisposedException"/> once closed.</summary>
    public DescriptorLease Lease()
    {
        bool added = false;
        DangerousAddRef(ref added);
        return new DescriptorLease(this, (int)DangerousGetHandle());
    }

    protected override bool ReleaseHandle() => LibcTerminal.Close((int)handle) == 0;

    internal readonly struct DescriptorLease(TerminalHandle owner, int fd) : IDisposable
    {
        public int Fd => fd;

        public void Dispose() => owner.DangerousRelease();
    }
}
