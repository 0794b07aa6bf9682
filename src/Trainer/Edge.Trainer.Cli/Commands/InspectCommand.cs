using System.CommandLine;
using System.Diagnostics;
using Edge.Trainer.Data;

namespace Edge.Trainer.Cli.Commands;

/// <summary><c>trainer inspect FILE</c>: loads an SGCC-layout file and reports its shape, labels and gaps.</summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "SGCC-layout CSV (CONS_NO or CUSTOMER, FLAG, one column per day)." };
        var command = new Command("inspect", "Load an SGCC-layout CSV and summarise it (also times the load).") { file };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!.FullName;
            var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var sgcc = SgccCsvReader.Read(path);
            var seconds = clock.Elapsed.TotalSeconds;
            process.Refresh();
            var cpuSeconds = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
            var data = sgcc.Dataset;
            var q = sgcc.Quality;
            var order = sgcc.ColumnOrder;
            Console.WriteLine($"file:        {path}");
            Console.WriteLine($"customers:   {data.Count:N0} ({data.PositiveCount:N0} thieves, {data.PositiveCount / (double)data.Count:P2})");
            Console.WriteLine($"days:        {data.Days:N0} from {data.FirstDay:yyyy-MM-dd} to {data.DateOf(data.Days - 1):yyyy-MM-dd}; " +
                $"{order.DayOfDateColumn.Count:N0} day columns, {(order.WasChronological ? "in date order" : "sorted by date")}");
            if (order.InsertedDays.Count > 0)
            {
                Console.WriteLine($"absent days: {string.Join(", ", order.InsertedDays.Take(10).Select(d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)))}{(order.InsertedDays.Count > 10 ? ", ..." : "")} (inserted as missing)");
            }

            Console.WriteLine($"cells:       {q.Cells:N0}; missing {q.MissingShare:P2} ({q.Empty:N0} empty, {q.NonNumeric:N0} non-numeric); " +
                $"{q.Negative:N0} negative; {q.Above10000:N0} above 10,000 kWh");
            Console.WriteLine($"no reading:  {q.CustomersWithoutReading:N0} customers");
            // CPU time as well as wall time: on a shared machine the wall clock mostly measures the neighbours.
            Console.WriteLine($"load:        {seconds:F2} s wall, {cpuSeconds:F2} s CPU, peak working set {process.PeakWorkingSet64 / (1024.0 * 1024.0):N0} MiB");
            return 0;
        });

        return command;
    }
}
