namespace RecordingFunctions.Archive;

/// <summary>How zips are composed from blocks: one instance for the set archives and the participant exports.</summary>
public sealed record ArchiveOptions
{
    /// <summary>A block blob commits at most this many blocks.</summary>
    public const int BlockBlobMaxBlocks = 50_000;

    public static ArchiveOptions Default { get; } = new();

    /// <summary>
    /// Largest source range copied by one Put Block From URL. 100 MiB keeps each server-side copy far inside the
    /// client's 100 s network timeout and makes a failed call cheap to redo, while 50,000 blocks still allow ~4.8 TiB.
    /// </summary>
    public long RangeSize { get; init; } = 100L * 1024 * 1024;

    /// <summary>Writes ZIP64 fields and end records even where the classic ones would do (tests only).</summary>
    public bool ForceZip64 { get; init; }

    /// <summary>The most blocks one zip may have: the block blob's limit (lower in tests only, to reach it cheaply).</summary>
    public int MaxBlocks { get; init; } = BlockBlobMaxBlocks;
}
