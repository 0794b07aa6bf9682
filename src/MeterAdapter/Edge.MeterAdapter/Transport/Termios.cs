using System.Runtime.InteropServices;

namespace Edge.MeterAdapter.Transport;

/// <summary>
/// glibc's <c>struct termios</c> (bits/termios-struct.h): four flag words, the line discipline, 32 control characters,
/// then the input and output speeds. 60 bytes on glibc for x86-64 and arm64 alike (4·4 + 1 + 32, padded to 52, + 2·4).
/// Only read and written through tcgetattr/tcsetattr, which translate it to the kernel's own layout.
/// </summary>
/// <remarks>
/// The flag values below are Linux's asm-generic/termbits.h and termbits-common.h, which x86-64 and arm64 both include
/// unchanged (alpha, mips, powerpc and sparc have their own values and are not supported).
/// </remarks>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct Termios
{
    public const int Size = 60;

    /// <summary>NCCS in glibc's struct (the kernel's own struct has 19).</summary>
    public const int ControlCharCount = 32;

    // c_iflag
    public const uint IgnorePar = 0x004;      // IGNPAR
    public const uint ParityMark = 0x008;     // PARMRK
    public const uint InputParityCheck = 0x010; // INPCK
    public const uint StripHighBit = 0x020;   // ISTRIP
    public const uint XonXoffOutput = 0x400;  // IXON
    public const uint XonXoffAny = 0x800;     // IXANY
    public const uint XonXoffInput = 0x1000;  // IXOFF

    // c_cflag
    public const uint CharSizeMask = 0x30;    // CSIZE
    public const uint CharSize7 = 0x20;       // CS7
    public const uint CharSize8 = 0x30;       // CS8
    public const uint TwoStopBits = 0x40;     // CSTOPB
    public const uint Receiver = 0x80;        // CREAD
    public const uint ParityEnable = 0x100;   // PARENB
    public const uint ParityOdd = 0x200;      // PARODD
    public const uint IgnoreModemLines = 0x800; // CLOCAL
    public const uint StickParity = 0x40000000; // CMSPAR: mark (with PARODD) or space parity
    public const uint RtsCtsFlowControl = 0x80000000; // CRTSCTS

    // c_cc indices
    public const int VTime = 5;
    public const int VMin = 6;

    public uint InputFlags;
    public uint OutputFlags;
    public uint ControlFlags;
    public uint LocalFlags;
    public byte LineDiscipline;
    public fixed byte ControlChars[ControlCharCount];
    public uint InputSpeed;
    public uint OutputSpeed;
}
