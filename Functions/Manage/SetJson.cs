namespace RecordingFunctions.Manage;

/// <summary>
/// A recording set as the management API answers it in every list (the recordings, a participant's sets);
/// <see cref="SetDetailJson"/> adds what the set view shows. Serialized with camelCase names, as the page reads them.
/// </summary>
public record SetJson(
    string Id,
    DateTimeOffset IssuedAt,
    string? Device,
    int FileCount,
    long TotalBytes,
    DateTimeOffset? FirstUpload,
    DateTimeOffset? LastUpload,
    string? Description,
    IEnumerable<QualityJson> Quality,
    IReadOnlyList<string> Flags,
    IEnumerable<string> DeviceMarks,
    string? AndroidId,
    DateTimeOffset? RecordedAt,
    SetParticipantJson? Participant,
    bool AssignedByHand,
    SetStatisticsJson? Statistics,
    IReadOnlyList<string> Tags)
{
    /// <param name="aliases">Participant id to alias, to name the set's participant.</param>
    public static SetJson Of(RecordingSetSummary set, IReadOnlyDictionary<string, string> aliases) => new(
        set.Id.ToString(),
        set.IssuedAt,
        set.Device,
        set.FileCount,
        set.TotalBytes,
        set.FirstUpload,
        set.LastUpload,
        set.Description,
        set.Quality.Select(QualityJson.Of),
        set.Flags,
        set.DeviceMarks.Select(m => m.Text),
        set.Assignment.AndroidId,
        set.Assignment.RecordedAt,
        set.Assignment.ParticipantId is { } participantId
            ? new SetParticipantJson(participantId, aliases.GetValueOrDefault(participantId), set.Assignment.ByHand)
            : null,
        set.Assignment.ByHand,
        set.Statistics is { } statistics ? SetStatisticsJson.Of(statistics) : null,
        set.Tags);
}

/// <summary>One set as its view shows it: the listed fields, its description, its files and its zip.</summary>
public sealed record SetDetailJson : SetJson
{
    public SetDetailJson(RecordingSetDetail detail, IReadOnlyDictionary<string, string> aliases)
        : base(Of(detail.Summary, aliases))
    {
        DescriptionText = detail.DescriptionText;
        Files = detail.Files.Select(f => new FileJson(f.Name, f.Size, f.UploadedAt, f.Microphone, f.Crc32));
        Archive = detail.Archive is { } archive ? new ArchiveJson(archive.Size, archive.LastModified) : null;
    }

    public string DescriptionText { get; }

    public IEnumerable<FileJson> Files { get; }

    public ArchiveJson? Archive { get; }
}

/// <summary>The set's participant, and whether the team chose it by hand.</summary>
public sealed record SetParticipantJson(string Id, string? Alias, bool ByHand);

/// <summary>One motion-sensor file's figures, computed when it arrived.</summary>
public sealed record QualityJson(string FileName, string Sensor, long Samples, double DurationSeconds, double MeanRateHz, double LongestGapSeconds)
{
    public static QualityJson Of(SensorQuality quality) => new(
        quality.FileName, quality.Sensor, quality.Samples, quality.DurationSeconds, quality.MeanRateHz, quality.LongestGapSeconds);
}

public sealed record FileJson(string Name, long Size, DateTimeOffset UploadedAt, bool Microphone, string? Crc32);

public sealed record ArchiveJson(long Size, DateTimeOffset LastModified);
