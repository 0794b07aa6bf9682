namespace Edge.ModelContract.Bundles;

/// <summary>Why a bundle was refused; gateways report the code on their page, API, metrics and uplink.</summary>
public enum BundleRejection
{
    Truncated,
    NotABundle,
    UnsupportedFormat,
    BadEntry,
    DuplicateEntry,
    MissingEntry,
    TrailingData,
    TooLarge,
    UnknownKey,
    BadSignature,
    BadManifest,
    ModelHashMismatch,
    TestVectorsHashMismatch,
    BadTestVectors,
}

public sealed class BundleRejectedException : Exception
{
    public BundleRejectedException(BundleRejection reason, string message)
        : base(message)
    {
        Reason = reason;
    }

    public BundleRejectedException()
    {
    }

    public BundleRejectedException(string message)
        : base(message)
    {
    }

    public BundleRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public BundleRejection Reason { get; }
}
