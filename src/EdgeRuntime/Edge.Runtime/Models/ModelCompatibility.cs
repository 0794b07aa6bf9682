using Edge.ModelContract.Bundles;
using Edge.ModelContract.Features;

namespace Edge.Runtime.Models;

/// <summary>
/// Whether this runtime can feed a bundle's model: the feature spec is one it implements, the model's input holds
/// exactly the feature vector that spec produces, and the bundle does not need a newer runtime.
/// </summary>
public static class ModelCompatibility
{
    /// <summary>This gateway runtime's version, compared with a manifest's minimumRuntimeVersion.</summary>
    public static readonly Version RuntimeVersion = new(0, 1, 0);

    /// <summary>Throws <see cref="ModelRejectedException"/> saying which field does not fit.</summary>
    public static void Check(BundleManifest manifest, Version runtimeVersion)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(runtimeVersion);
        var spec = manifest.FeatureSpec;
        if (spec.Version > FeatureSpec.CurrentVersion)
        {
            throw new ModelRejectedException(ModelRejection.IncompatibleInput,
                $"featureSpec.version {spec.Version} is newer than this runtime understands ({FeatureSpec.CurrentVersion})");
        }

        try
        {
            spec.Validate();
        }
        catch (FormatException e)
        {
            throw new ModelRejectedException(ModelRejection.IncompatibleInput, e.Message);
        }

        if (FeatureInputShape.Problem(spec, manifest.Model.InputShape) is { } problem)
        {
            throw new ModelRejectedException(ModelRejection.IncompatibleInput, problem);
        }

        var minimum = Version.Parse(manifest.MinimumRuntimeVersion);
        if (minimum > runtimeVersion)
        {
            throw new ModelRejectedException(ModelRejection.RuntimeTooOld,
                $"the bundle needs runtime {manifest.MinimumRuntimeVersion}; this gateway runs {runtimeVersion}");
        }
    }
}
