namespace Edge.MeterAdapter.Transport;

/// <summary>Stop bits after each character. termios offers one or two (CSTOPB); meters use one.</summary>
public enum StopBits
{
    One = 1,
    Two = 2,
}
