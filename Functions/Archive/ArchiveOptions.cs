namespace RecordingFunctions.Archive;

internal sealed record ArchiveOptions
{
    public static ArchiveOptions Default { get; } = new();

    /// <summary>
    /// Largest source range copied by one Put Block From URL. 100 MiB keeps each server-side copy far inside the
    /// client's 100 s network timeout and makes a failed call cheap to redo, while 50,000 blocks still allow ~4.8 TiB.
    /// </summary>
    public long RangeSize { get; init; } = 100L * 1024 * 1024;

    /// <summary>Writes ZIP64 fields and end records even where the classic ones would do (tests only).</summary>
    public bool ForceZip64 { get; init; }
}
