namespace Edge.Trainer.Data;

/// <summary>Customer indices of each part of a split; sorted, disjoint, together every customer once.</summary>
public sealed record DatasetSplit(int[] Train, int[] Validation, int[] Test);
