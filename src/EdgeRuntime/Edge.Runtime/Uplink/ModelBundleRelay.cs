using System.Security.Cryptography;
using System.Threading.Channels;

namespace Edge.Runtime.Uplink;

/// <summary>
/// Hands model bundles that arrived on the model topic to model delivery, one at a time, off the MQTT receive path
/// (verification runs ORT and must not hold up PUBACKs). Only the newest waiting bundle is kept: a bundle superseded
/// before delivery could look at it would be refused by anti-rollback anyway. A bundle byte-identical to the one handed
/// over last is skipped: the broker redelivers the retained announcement on every reconnect.
/// The uplink verifies nothing; model delivery checks signature, hash, version and test vectors.
/// </summary>
internal sealed class ModelBundleRelay(Func<byte[], CancellationToken, Task> deliver, Action<string> reportError)
{
    private readonly Channel<byte[]> _waiting = Channel.CreateBounded<byte[]>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private byte[]? _lastHash;
    private long _delivered;
    private long _skipped;

    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Bundles skipped because they were byte-identical to the previous one.</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    /// <summary>Called from the MQTT receive handler; never blocks.</summary>
    public void Offer(byte[] bundle)
    {
        if (bundle.Length > 0)
        {
            _waiting.Writer.TryWrite(bundle);
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var bundle in _waiting.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                var hash = SHA256.HashData(bundle);
                if (_lastHash is not null && hash.AsSpan().SequenceEqual(_lastHash))
                {
                    Interlocked.Increment(ref _skipped);
                    continue;
                }

                _lastHash = hash;
                try
                {
                    await deliver(bundle, cancellationToken).ConfigureAwait(false);
                    Interlocked.Increment(ref _delivered);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    reportError($"model bundle from the uplink ({bundle.Length} bytes) was not taken: {e.Message}");
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
