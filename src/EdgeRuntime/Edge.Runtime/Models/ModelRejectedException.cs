using Edge.ModelContract.Bundles;

namespace Edge.Runtime.Models;

/// <summary>
/// Why model delivery refused a bundle. <see cref="Reason"/> is a stable code the page, API, metrics and uplink
/// report: a <see cref="BundleRejection"/> name for format, signature and hash failures, or one of
/// <see cref="ModelRejection"/>'s codes for the checks made after the signature.
/// </summary>
public sealed class ModelRejectedException : Exception
{
    public ModelRejectedException(string reason, string message)
        : base(message)
    {
        Reason = reason;
    }

    public ModelRejectedException()
        : this(ModelRejection.Unreadable, "bundle rejected")
    {
    }

    public ModelRejectedException(string message)
        : this(ModelRejection.Unreadable, message)
    {
    }

    public ModelRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = ModelRejection.Unreadable;
    }

    public string Reason { get; }

    public static ModelRejectedException From(BundleRejectedException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new ModelRejectedException(e.Reason.ToString(), e.Message);
    }
}

/// <summary>Rejection codes for the checks model delivery makes on a bundle whose signature and hashes are good.</summary>
public static class ModelRejection
{
    /// <summary>The file is empty or could not be read.</summary>
    public const string Unreadable = "Unreadable";

    /// <summary>The very bundle that is active, offered again (a retained MQTT announcement after a reconnect); not an error.</summary>
    public const string AlreadyActive = "AlreadyActive";

    /// <summary>Version not above the highest ever activated (anti-rollback).</summary>
    public const string NotNewer = "NotNewer";

    /// <summary>This exact bundle was rolled back for failing at run time.</summary>
    public const string PreviouslyRejected = "PreviouslyRejected";

    /// <summary>Feature spec or input shape this runtime cannot feed.</summary>
    public const string IncompatibleInput = "IncompatibleInput";

    /// <summary>The bundle needs a newer gateway runtime.</summary>
    public const string RuntimeTooOld = "RuntimeTooOld";

    /// <summary>ONNX Runtime could not load the model or run the test vectors.</summary>
    public const string ModelLoadFailed = "ModelLoadFailed";

    /// <summary>A test vector scored outside the bundle's tolerance.</summary>
    public const string TestVectorMismatch = "TestVectorMismatch";

    /// <summary>A test vector scored NaN or infinity.</summary>
    public const string NonFiniteScore = "NonFiniteScore";

    /// <summary>The bundle was activated, then failed while scoring (errors, NaN scores, alert rate) and was rolled back.</summary>
    public const string FailedAtRunTime = "FailedAtRunTime";

    /// <summary>The bundle was fine but could not be stored (disk full, permissions); the old model keeps scoring.</summary>
    public const string StorageFailed = "StorageFailed";
}
