namespace Edge.Runtime.Alerts;

/// <summary>Why an alert was raised: the model's score, or one of the local rules that need no model.</summary>
public enum AlertKind
{
    /// <summary>The active model scored the meter's recent daily consumption at or above the bundle's threshold.</summary>
    ModelScore,

    /// <summary>The S0 pulse output counts more energy than the register advanced: current bypasses the register.</summary>
    PulseRegisterMismatch,

    /// <summary>Energy is flowing back through an import-only meter (export register or negative power where none is expected).</summary>
    ReverseEnergy,

    /// <summary>Tamper events reported by the meter in a short window.</summary>
    TamperBurst,

    /// <summary>Power-failure events in a short window (a meter being disconnected and reconnected).</summary>
    PowerFailureBurst,

    /// <summary>No consumption for several days while the meter reports supply voltage.</summary>
    ZeroWithVoltage,
}
