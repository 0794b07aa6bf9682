namespace Edge.MeterAdapter.Dsmr;

/// <summary>
/// The bytes of one complete telegram as the framer found them, '/' through the CR LF after the CRC, not yet checked.
/// </summary>
public sealed class DsmrFrame
{
    internal DsmrFrame(byte[] bytes, int bangIndex, int crcDigits, ushort transmittedCrc)
    {
        Bytes = bytes;
        BangIndex = bangIndex;
        CrcDigits = crcDigits;
        TransmittedCrc = transmittedCrc;
    }

    public byte[] Bytes { get; }

    /// <summary>Index of the closing '!'; the CRC covers <c>Bytes[0..BangIndex]</c> inclusive.</summary>
    public int BangIndex { get; }

    /// <summary>0 to 4 hex digits followed '!' (some devices drop leading zeros; DSMR 2.2/3 send none).</summary>
    public int CrcDigits { get; }

    public bool HasCrc => CrcDigits > 0;

    public ushort TransmittedCrc { get; }

    /// <summary>The telegram body, from the identification line up to (not including) '!'.</summary>
    public ReadOnlySpan<byte> Body => Bytes.AsSpan(0, BangIndex);
}
