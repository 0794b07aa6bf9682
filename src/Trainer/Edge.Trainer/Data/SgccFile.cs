namespace Edge.Trainer.Data;

/// <summary>An SGCC-layout file as read: the dataset, how its columns were ordered, and what its cells held.</summary>
public sealed record SgccFile(ConsumptionDataset Dataset, SgccColumnOrder ColumnOrder, DataQuality Quality);
