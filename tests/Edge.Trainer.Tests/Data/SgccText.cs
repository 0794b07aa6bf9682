using System.Text;
using Edge.Trainer.Data;

namespace Edge.Trainer.Tests.Data;

/// <summary>Reads CSV text given inline, under the name test.csv, so error messages can be checked.</summary>
internal static class SgccText
{
    public const string Source = "test.csv";

    public static SgccFile Read(string text) => Read(Encoding.UTF8.GetBytes(text));

    public static SgccFile Read(byte[] bytes) => SgccCsvReader.Read(new MemoryStream(bytes), Source);

    public static DataFileException Fails(string text) => Assert.Throws<DataFileException>(() => Read(text));
}
