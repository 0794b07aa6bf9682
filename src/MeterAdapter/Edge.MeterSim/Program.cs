namespace Edge.MeterSim;

public static class Program
{
    public static int Main(string[] args) => args.Length;
}
