namespace RecordingFunctions.Storage;

/// <summary>A set as its index row keeps it (see <see cref="SetRow"/>): what the set lists and views show without reading a blob.</summary>
public sealed record RecordingSetSummary(
    SetId Id,
    DateTimeOffset IssuedAt,
    string? DeviceId,
    string? Device,
    int FileCount,
    long TotalBytes,
    DateTimeOffset? FirstUpload,
    DateTimeOffset? LastUpload,
    string? Description,
    IReadOnlyList<SensorQuality> Quality,
    IReadOnlyList<string> Flags,
    IReadOnlyList<DeviceMark> DeviceMarks,
    SetAssignment Assignment,
    SetStatistics? Statistics,
    IReadOnlyList<string> Tags)
{
    public bool Matches(string search) =>
        new[] { Id.ToString(), Device, Description }.Any(field => field?.Contains(search, StringComparison.OrdinalIgnoreCase) == true);
}
