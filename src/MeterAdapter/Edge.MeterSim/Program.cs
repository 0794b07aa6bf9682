using System.CommandLine;
using Edge.MeterSim.Commands;

namespace Edge.MeterSim;

/// <summary>meter-sim: opens a pseudo-terminal, prints its device path, and plays a meter on it until Ctrl+C.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("meter-sim: simulated electricity meters (DSMR P1, IEC 62056-21, Eastron Modbus) on pseudo-terminals.");
        root.Subcommands.Add(DsmrCommand.Create());
        root.Subcommands.Add(RequestResponseCommands.Iec());
        root.Subcommands.Add(RequestResponseCommands.Modbus());
        try
        {
            return root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidDataException or IOException)
        {
            Console.Error.WriteLine($"meter-sim: {e.Message}");
            return 2;
        }
    }
}
