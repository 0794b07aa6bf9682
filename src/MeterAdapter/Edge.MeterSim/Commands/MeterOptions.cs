using System.CommandLine;
using Edge.MeterSim.Consumption;
using Edge.MeterSim.Faults;
using Edge.MeterSim.Meter;

namespace Edge.MeterSim.Commands;

/// <summary>Options every meter personality shares: consumption source, theft behaviour, speed, seed.</summary>
internal sealed class MeterOptions
{
    public Option<double> Speed { get; } = new("--speed") { Description = "Meter seconds per wall-clock second.", DefaultValueFactory = _ => 1.0 };

    public Option<FileInfo?> Csv { get; } = new("--csv") { Description = "SGCC-format CSV (CONS_NO, FLAG, date columns of kWh per day)." };

    public Option<string?> Customer { get; } = new("--customer") { Description = "CONS_NO of the row to play (with --csv)." };

    public Option<double> KwhPerDay { get; } = new("--kwh-per-day") { Description = "Built-in household: kWh per day.", DefaultValueFactory = _ => 9.0 };

    public Option<double> BypassFactor { get; } = new("--bypass-factor") { Description = "Share of true energy the registers record (theft by bypass).", DefaultValueFactory = _ => 1.0 };

    public Option<bool> Reverse { get; } = new("--reverse") { Description = "Reversed meter: consumption runs up the export registers." };

    public Option<double> TamperRate { get; } = new("--tamper-rate") { Description = "Tamper events per hour." };

    public Option<double> PowerFailureRate { get; } = new("--power-failure-rate") { Description = "Power failures per hour." };

    public Option<string> Faults { get; } = new("--faults") { Description = "e.g. bitflip=0.01,drop=0.01,truncate=0.005,garbage=0.02,unplug=0.001,unplug-seconds=10,clockjump=0.001", DefaultValueFactory = _ => string.Empty };

    public Option<int> Seed { get; } = new("--seed") { Description = "Seed for faults and events.", DefaultValueFactory = _ => 1 };

    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { Speed, Csv, Customer, KwhPerDay, BypassFactor, Reverse, TamperRate, PowerFailureRate, Faults, Seed })
        {
            command.Options.Add(option);
        }
    }

    public SimulatedMeterState CreateMeter(ParseResult parse, DateTimeOffset start)
    {
        var theft = new TheftBehaviour
        {
            BypassFactor = parse.GetValue(BypassFactor),
            ReverseEnergy = parse.GetValue(Reverse),
            TamperPerHour = parse.GetValue(TamperRate),
            PowerFailuresPerHour = parse.GetValue(PowerFailureRate),
        };
        theft.Validate();
        IConsumptionProfile profile;
        if (parse.GetValue(Csv) is { } csv)
        {
            string customer = parse.GetValue(Customer) ?? throw new ArgumentException("--csv needs --customer (a CONS_NO of the file).");
            DailyEnergyProfile row = SgccCustomerRow.Read(csv.FullName, customer, DailyShape.Household);
            profile = row;
            // Play the customer's days from the first one, at the time of day it is now.
            start = new DateTimeOffset(row.FirstDay.ToDateTime(TimeOnly.FromDateTime(start.UtcDateTime)), TimeSpan.Zero);
        }
        else
        {
            profile = DailyEnergyProfile.Constant(parse.GetValue(KwhPerDay), DateOnly.FromDateTime(start.UtcDateTime));
        }

        return new SimulatedMeterState(profile, theft, start, initialImportWh: 1_000_000);
    }

    public FaultRates ParseFaults(ParseResult parse) => Edge.MeterSim.Faults.FaultRates.Parse(parse.GetValue(Faults) ?? string.Empty);

    public double SpeedOf(ParseResult parse)
    {
        double speed = parse.GetValue(Speed);
        return speed > 0 && double.IsFinite(speed) ? speed : throw new ArgumentException("--speed must be a positive number.");
    }
}
