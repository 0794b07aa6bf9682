using System.Net.Sockets;
using System.Text;

namespace Edge.Gateway.Hosting;

/// <summary>
/// sd_notify(3) written out: one datagram ("WATCHDOG=1") to the AF_UNIX socket named by $NOTIFY_SOCKET, a path or,
/// with a leading '@', an abstract-namespace name. Nothing reflective, so it is NativeAOT-clean.
/// </summary>
internal sealed class SystemdNotifySocket : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly UnixDomainSocketEndPoint _endpoint;

    public SystemdNotifySocket(string address)
    {
        ArgumentException.ThrowIfNullOrEmpty(address);
        _endpoint = new UnixDomainSocketEndPoint(address[0] == '@' ? "\0" + address[1..] : address);
    }

    public void Send(string state) => _socket.SendTo(Encoding.UTF8.GetBytes(state), _endpoint);

    public void Dispose() => _socket.Dispose();
}
