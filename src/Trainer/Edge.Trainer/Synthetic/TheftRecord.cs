namespace Edge.Trainer.Synthetic;

/// <summary>What was done to one synthetic thief; written to the sidecar JSON for analysis, never read by training.</summary>
/// <param name="Customer">Customer id (CONS_NO).</param>
/// <param name="Row">Row of the customer in the CSV, 0-based after the header.</param>
/// <param name="Family">Attack family.</param>
/// <param name="StartDay">First attacked day, 0-based from the first day column.</param>
/// <param name="StartDate">Date of <paramref name="StartDay"/>.</param>
/// <param name="Days">Length of the attacked block.</param>
/// <param name="Parameter">The family's drawn scalar (h1 alpha, capped cap, subtracted c), if any.</param>
/// <param name="ReducesEnergy">False for h5 and h6, which bill the true energy.</param>
public sealed record TheftRecord(
    string Customer,
    int Row,
    AttackFamily Family,
    int StartDay,
    DateOnly StartDate,
    int Days,
    double? Parameter,
    bool ReducesEnergy);
