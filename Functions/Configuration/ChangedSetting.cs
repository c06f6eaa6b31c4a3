namespace RecordingFunctions.Configuration;

/// <summary>A key whose value a change of settings altered; the values as text, or null for a secret.</summary>
public sealed record ChangedSetting(string Name, string? Before, string? After)
{
    /// <summary>The keys whose value differs, in the document's order.</summary>
    public static IReadOnlyList<ChangedSetting> Between(StudySettings before, StudySettings after) =>
        [.. ConfigKeys.All.Select(key => key.Compare(before, after)).OfType<ChangedSetting>()];

    /// <summary>The audit log's detail: each key with its old and new value (a secret by name only).</summary>
    public static string Describe(IEnumerable<ChangedSetting> changes) =>
        string.Join("; ", changes.Select(change => change.Before is null ? change.Name : $"{change.Name}: {change.Before} → {change.After}"));
}
