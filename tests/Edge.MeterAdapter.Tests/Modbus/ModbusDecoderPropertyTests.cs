using CsCheck;
using Edge.MeterAdapter.Modbus;

namespace Edge.MeterAdapter.Tests.Modbus;

/// <summary>Robustness of the response decoder: it never throws, and damage the CRC is guaranteed to catch never passes.</summary>
public sealed class ModbusDecoderPropertyTests
{
    private const int Iterations = 10_000;

    private static readonly Gen<(byte Address, ushort[] Registers)> ValidAnswer =
        Gen.Select(Gen.Byte[1, 247], Gen.UShort.Array[1, 60]);

    [Fact]
    public void Random_bytes_never_throw_and_never_pass_unchecked()
    {
        Gen.Select(Gen.Byte.Array[0, 300], Gen.Byte, Gen.UShort[1, 125]).Sample((frame, address, quantity) =>
        {
            var response = ReadInputRegisters.DecodeResponse(frame, address, quantity);
            // Anything accepted must really be a checked answer to this request.
            return !response.IsSuccess
                || (ReadInputRegisters.HasValidCrc(frame) && frame[0] == address && frame.Length == ReadInputRegisters.ResponseLength(quantity));
        }, iter: Iterations);
    }

    [Fact]
    public void Valid_answers_round_trip()
    {
        ValidAnswer.Sample((address, registers) =>
        {
            var response = ReadInputRegisters.DecodeResponse(ReadInputRegisters.EncodeResponse(address, registers), address, (ushort)registers.Length);
            return response.IsSuccess && response.Registers.SequenceEqual(registers);
        }, iter: Iterations);
    }

    [Fact]
    public void A_burst_of_up_to_16_flipped_bits_never_passes()
    {
        // CRC-16 detects every error burst of length ≤ 16 bits, so any flip pattern inside one 16-bit window is caught.
        Gen.Select(ValidAnswer, Gen.Int[0, int.MaxValue], Gen.UShort[1, ushort.MaxValue]).Sample((answer, position, pattern) =>
        {
            var frame = ReadInputRegisters.EncodeResponse(answer.Address, answer.Registers);
            var bit = position % ((frame.Length * 8) - 15);
            for (var i = 0; i < 16; i++)
            {
                if ((pattern & (1 << i)) != 0)
                {
                    frame[(bit + i) / 8] ^= (byte)(1 << ((bit + i) % 8));
                }
            }

            return !ReadInputRegisters.DecodeResponse(frame, answer.Address, (ushort)answer.Registers.Length).IsSuccess;
        }, iter: Iterations);
    }

    [Fact]
    public void Dropped_inserted_or_truncated_bytes_never_pass()
    {
        Gen.Select(ValidAnswer, Gen.Int[0, 2], Gen.Int[0, int.MaxValue], Gen.Byte).Sample((answer, kind, position, inserted) =>
        {
            var frame = ReadInputRegisters.EncodeResponse(answer.Address, answer.Registers).ToList();
            var at = position % frame.Count;
            switch (kind)
            {
                case 0: frame.RemoveAt(at); break;
                case 1: frame.Insert(at, inserted); break;
                default: frame.RemoveRange(at, frame.Count - at); break;
            }

            return !ReadInputRegisters.DecodeResponse([.. frame], answer.Address, (ushort)answer.Registers.Length).IsSuccess;
        }, iter: Iterations);
    }
}
