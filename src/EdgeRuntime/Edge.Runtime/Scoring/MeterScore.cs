namespace Edge.Runtime.Scoring;

/// <summary>How one meter fared in a run: its score, or why it has none.</summary>
/// <param name="Score">The model's score; null when the meter was not scored.</param>
/// <param name="Reason">Why there is no score ("only 12 of 56 days known, needs 28", "no model installed", "model failed").</param>
public sealed record MeterScore(string MeterId, float? Score, string? Reason);
