namespace Edge.Runtime.Alerts;

/// <summary>An alert the store has just committed: a new one, or a repeat folded into an existing one.</summary>
public sealed class AlertRaisedEventArgs(Alert alert) : EventArgs
{
    /// <summary>The alert as stored after the commit.</summary>
    public Alert Alert { get; } = alert;

    /// <summary>True for a new alert; false when a repeat updated an existing one.</summary>
    public bool IsNew => Alert.Occurrences == 1;
}
