using System.Buffers.Binary;
using Edge.MeterAdapter.Modbus;
using Edge.MeterSim.Meter;

namespace Edge.MeterSim.Modbus;

/// <summary>
/// An Eastron SDM120/SDM630 as a Modbus RTU slave: answers function 0x04 (read input registers) from the simulated
/// meter's state, in float32 "ABCD" pairs at the addresses of the Eastron protocol documents. Following the Eastron
/// documents, start address and quantity must be even (else exception 02), and SDM630 serves at most 80 registers per
/// request (else exception 03). Frames with a bad CRC or another slave's address get no answer at all (Modbus over
/// Serial Line V1.02 §2.4.1: the slave ignores them). Encoders come from Edge.MeterAdapter.Modbus.
/// </summary>
public sealed class EastronSlaveSimulator
{
    private const int RegisterSpace = 0x0200;

    private readonly SimulatedMeterState _meter;
    private readonly List<byte> _received = [];

    public EastronSlaveSimulator(SimulatedMeterState meter, EastronModel model, byte slaveAddress = 1, double voltage = 230.0, double frequency = 50.0)
    {
        ArgumentNullException.ThrowIfNull(meter);
        ArgumentOutOfRangeException.ThrowIfZero(slaveAddress);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(slaveAddress, (byte)247);
        _meter = meter;
        Model = model;
        SlaveAddress = slaveAddress;
        Voltage = voltage;
        Frequency = frequency;
    }

    public EastronModel Model { get; }

    public byte SlaveAddress { get; }

    public double Voltage { get; set; }

    public double Frequency { get; set; }

    /// <summary>Requests answered (with data or an exception).</summary>
    public int Answered { get; private set; }

    /// <summary>Requests ignored because of a bad CRC.</summary>
    public int CrcErrors { get; private set; }

    /// <summary>Feeds bytes from the bus; returns the reply to send, or an empty array when the slave stays silent.</summary>
    /// <remarks>
    /// A real slave frames on the 3.5-character silence; function 03/04 requests have a fixed length of 8 bytes, so
    /// the simulator frames by length and resynchronises byte by byte on a CRC failure.
    /// </remarks>
    public byte[] Receive(ReadOnlySpan<byte> bytes)
    {
        _received.AddRange(bytes);
        while (_received.Count >= ReadInputRegisters.RequestLength)
        {
            byte[] request = [.. _received.GetRange(0, ReadInputRegisters.RequestLength)];
            if (!ReadInputRegisters.HasValidCrc(request))
            {
                CrcErrors++;
                _received.RemoveAt(0);
                continue;
            }

            _received.RemoveRange(0, ReadInputRegisters.RequestLength);
            if (request[0] != SlaveAddress)
            {
                continue;
            }

            Answered++;
            return Answer(request);
        }

        return [];
    }

    /// <summary>The value a register pair holds now (0 for addresses the model does not define).</summary>
    public float ValueAt(ushort address)
    {
        int phases = EastronRegisterMap.Phases(Model);
        double power = _meter.ImportPowerW - _meter.ExportPowerW;
        return address switch
        {
            >= EastronRegisterMap.VoltageL1 and <= 0x0004 when (address - EastronRegisterMap.VoltageL1) / 2 < phases => (float)Voltage,
            >= EastronRegisterMap.CurrentL1 and <= 0x000A when (address - EastronRegisterMap.CurrentL1) / 2 < phases => (float)(Math.Abs(power) / phases / Voltage),
            >= EastronRegisterMap.ActivePowerL1 and <= 0x0010 when (address - EastronRegisterMap.ActivePowerL1) / 2 < phases => (float)(power / phases),
            EastronRegisterMap.TotalSystemPower when Model == EastronModel.Sdm630 => (float)power,
            EastronRegisterMap.Frequency => (float)Frequency,
            EastronRegisterMap.ImportActiveEnergy => Kwh(_meter.ImportTariff1Wh + _meter.ImportTariff2Wh),
            EastronRegisterMap.ExportActiveEnergy => Kwh(_meter.ExportTariff1Wh + _meter.ExportTariff2Wh),
            EastronRegisterMap.TotalActiveEnergy => Kwh(_meter.ImportTariff1Wh + _meter.ImportTariff2Wh + _meter.ExportTariff1Wh + _meter.ExportTariff2Wh),
            _ => 0f,
        };
    }

    private byte[] Answer(byte[] request)
    {
        byte function = request[1];
        if (function != ReadInputRegisters.FunctionCode)
        {
            // Only input registers are simulated; function 03 (holding registers: configuration) is not.
            return ExceptionFrame(function, ModbusExceptionCode.IllegalFunction);
        }

        ushort start = BinaryPrimitives.ReadUInt16BigEndian(request.AsSpan(2));
        ushort quantity = BinaryPrimitives.ReadUInt16BigEndian(request.AsSpan(4));
        int maxQuantity = Model == EastronModel.Sdm630 ? 80 : ReadInputRegisters.MaxQuantity;
        if (quantity == 0 || quantity > maxQuantity)
        {
            return ReadInputRegisters.EncodeException(SlaveAddress, ModbusExceptionCode.IllegalDataValue);
        }

        if (start % 2 != 0 || quantity % 2 != 0 || start + quantity > RegisterSpace)
        {
            return ReadInputRegisters.EncodeException(SlaveAddress, ModbusExceptionCode.IllegalDataAddress);
        }

        var registers = new ushort[quantity];
        for (int i = 0; i < quantity; i += 2)
        {
            (registers[i], registers[i + 1]) = Float32Registers.Encode(ValueAt((ushort)(start + i)));
        }

        return ReadInputRegisters.EncodeResponse(SlaveAddress, registers);
    }

    private byte[] ExceptionFrame(byte function, ModbusExceptionCode code)
    {
        // ReadInputRegisters only encodes exceptions for function 04; other functions patch the function byte.
        byte[] frame = ReadInputRegisters.EncodeException(SlaveAddress, code);
        frame[1] = (byte)(function | 0x80);
        ushort crc = Edge.MeterAdapter.Checksums.Crc16Modbus.Compute(frame.AsSpan(0, 3));
        BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(3), crc);
        return frame;
    }

    /// <summary>Registers count whole Wh, shown in kWh (float32 keeps 7 significant digits; enough below 10 MWh).</summary>
    private static float Kwh(double wh) => (float)(SimulatedMeterState.WholeWattHours(wh) / 1000.0);
}
