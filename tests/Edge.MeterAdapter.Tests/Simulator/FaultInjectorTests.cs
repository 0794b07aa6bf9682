using System.Text;
using Edge.MeterSim.Faults;

namespace Edge.MeterAdapter.Tests.Simulator;

public sealed class FaultInjectorTests
{
    private static readonly byte[] Frame = Encoding.ASCII.GetBytes("/ABC5\r\n\r\n1-0:1.8.1(000001.000*kWh)\r\n1-0:1.8.2(000002.000*kWh)\r\n!ABCD\r\n");
    private static readonly byte[] Markers = "/!"u8.ToArray();

    [Fact]
    public void Rates_parse_from_the_command_line_form()
    {
        FaultRates rates = FaultRates.Parse("bitflip=0.01, drop=0.02,truncate=0.005,garbage=0.1,unplug=0.001,unplug-seconds=12,clockjump=0.002,clockjump-seconds=60");
        Assert.Equal(
            new FaultRates
            {
                BitFlip = 0.01, DroppedByte = 0.02, Truncation = 0.005, Garbage = 0.1, Unplug = 0.001,
                UnplugDuration = TimeSpan.FromSeconds(12), ClockJump = 0.002, ClockJumpSize = TimeSpan.FromSeconds(60),
            },
            rates);
    }

    [Theory]
    [InlineData("bitflip=2", "probability per frame")]
    [InlineData("noise=0.1", "unknown fault 'noise'")]
    [InlineData("drop=-1", "needs a number >= 0")]
    [InlineData("bitflip=0.6,drop=0.6", "must not exceed 1")]
    public void Bad_rates_are_refused_with_the_offending_part(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => FaultRates.Parse(text));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Corruptions_stay_inside_the_body_and_never_create_frame_markers()
    {
        int bodyStart = Array.IndexOf(Frame, (byte)'\n') + 1;
        int bodyEnd = Array.IndexOf(Frame, (byte)'!');
        var injector = new FaultInjector(new FaultRates { BitFlip = 0.3, DroppedByte = 0.2, Truncation = 0.2, Garbage = 0.5 }, seed: 7, Markers);
        var seen = new HashSet<Corruption>();
        for (int i = 0; i < 2000; i++)
        {
            FaultPlan plan = injector.Draw(Frame, bodyStart, bodyEnd);
            byte[] wire = FaultInjector.Apply(Frame, plan);
            seen.Add(plan.Corruption);
            Assert.InRange(plan.Position, plan.Corruption == Corruption.None ? 0 : bodyStart, bodyEnd - 1);
            Assert.DoesNotContain(plan.GarbageBefore, b => b is (byte)'/' or (byte)'!');
            byte[] sent = wire[plan.GarbageBefore.Length..];
            switch (plan.Corruption)
            {
                case Corruption.BitFlip:
                    Assert.Equal(Frame.Length, sent.Length);
                    int[] differing = Enumerable.Range(0, Frame.Length).Where(k => Frame[k] != sent[k]).ToArray();
                    Assert.Equal([plan.Position], differing);
                    Assert.Equal(1, System.Numerics.BitOperations.PopCount((uint)(Frame[plan.Position] ^ sent[plan.Position])));
                    break;
                case Corruption.DroppedByte:
                    Assert.Equal(Frame.Length - 1, sent.Length);
                    break;
                case Corruption.Truncated:
                    Assert.Equal(Frame[..plan.Position], sent);
                    break;
                default:
                    Assert.Equal(Frame, sent);
                    break;
            }

            // Exactly one start and one end marker survive (at their original places) in every corrupted frame except truncation.
            Assert.Equal(1, sent.Count(b => b == (byte)'/'));
            Assert.Equal(plan.Corruption == Corruption.Truncated ? 0 : 1, sent.Count(b => b == (byte)'!'));
        }

        Assert.Equal(4, seen.Count);
    }

    [Fact]
    public void The_same_seed_gives_the_same_faults()
    {
        var rates = new FaultRates { BitFlip = 0.2, DroppedByte = 0.2, Garbage = 0.2, Unplug = 0.1, ClockJump = 0.1 };
        var a = new FaultInjector(rates, 3, Markers);
        var b = new FaultInjector(rates, 3, Markers);
        for (int i = 0; i < 200; i++)
        {
            FaultPlan pa = a.Draw(Frame, 8, 60);
            FaultPlan pb = b.Draw(Frame, 8, 60);
            Assert.Equal(FaultInjector.Apply(Frame, pa), FaultInjector.Apply(Frame, pb));
            Assert.Equal((pa.Unplug, pa.ClockJump), (pb.Unplug, pb.ClockJump));
        }
    }
}
