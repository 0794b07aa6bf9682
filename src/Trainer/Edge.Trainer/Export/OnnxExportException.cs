namespace Edge.Trainer.Export;

/// <summary>A model (or one of its layers) that the ONNX exporter cannot express; the message names the layer and why.</summary>
public sealed class OnnxExportException : Exception
{
    public OnnxExportException(string message) : base(message)
    {
    }

    public OnnxExportException()
    {
    }

    public OnnxExportException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
