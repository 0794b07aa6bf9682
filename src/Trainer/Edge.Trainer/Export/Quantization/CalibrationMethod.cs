namespace Edge.Trainer.Export.Quantization;

/// <summary>How an activation's range is taken from the values seen during calibration.</summary>
public enum CalibrationMethod
{
    /// <summary>Smallest and largest value seen (onnxruntime.quantization's MinMax calibrator).</summary>
    MinMax,

    /// <summary>
    /// The (100 - p)th and pth percentiles of all values seen, p = 99.99: a few outliers no longer stretch the grid
    /// for everyone else (the idea of ORT's Percentile calibrator, here two-sided instead of symmetric on |x|).
    /// </summary>
    Percentile,
}
